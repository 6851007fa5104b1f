import {
  AppError,
  ErrorCode,
  isBlobKey,
  VIEWER_HEADER,
  verifyViewerToken,
  type BlobStore,
  type SubgraphDefinition,
} from '@dnp/subgraph-kit';
import type { ProductsLoaders } from './products-context.js';
import { variantKey, widthOfFileName } from './services/product-image.rule.js';

/** A subgraph's `routes` hook (the app and its route environment). */
type RouteHook = NonNullable<SubgraphDefinition<ProductsLoaders>['routes']>;

/** Ids in media paths: what `newId` makes (lower-case letters, digits, one `_`), nothing that walks the store. */
const MEDIA_ID = /^[a-z]{2,8}_[a-z0-9]{1,40}$/;

/** A variant's bytes never change (a new image gets a new id), so browsers and proxies keep it for a year. */
export const MEDIA_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * `GET /media/products/<productId>/<imageId>/<width>.webp` (design §5.3): a product image variant,
 * public catalogue data, reached through the gateway's `GET /media/*` (so, like every subgraph call,
 * only with the gateway's token, an anonymous one included). Widths other than 160, 480 and 1200,
 * unknown or removed images and any other path under /media are 404; answers are `nosniff` and, when
 * found, immutable.
 */
export function mediaRoute(store: BlobStore): RouteHook {
  return (app, env) => {
    app.get('/media/products/:productId/:imageId/:fileName', (req, res, next) => {
      res.setHeader('x-content-type-options', 'nosniff');
      const header = req.headers[VIEWER_HEADER];
      verifyViewerToken(env.config.INTERNAL_JWT_SECRET, env.name, Array.isArray(header) ? header[0] : header)
        .then(async () => {
          const { productId, imageId, fileName } = req.params;
          const width = widthOfFileName(fileName);
          const key =
            width && MEDIA_ID.test(productId) && MEDIA_ID.test(imageId) && variantKey(productId, imageId, width);
          const blob = key && isBlobKey(key) ? await store.get(key) : null;
          if (!blob) return void res.status(404).end();
          res.setHeader('cache-control', MEDIA_CACHE_CONTROL);
          res.type('image/webp').status(200).send(blob.bytes);
        })
        .catch((err: unknown) => {
          if (!(err instanceof AppError)) return next(err);
          const code = err.code === ErrorCode.GATEWAY_TOKEN_REQUIRED ? err.code : ErrorCode.UNAUTHENTICATED;
          res.status(401).json({ errors: [{ message: err.message, extensions: { code } }] });
        });
    });
    app.use('/media', (_req, res) => {
      res.setHeader('x-content-type-options', 'nosniff');
      res.status(404).end();
    });
  };
}
