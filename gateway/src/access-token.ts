import { GraphQLError } from 'graphql';
import { errors as joseErrors, jwtVerify } from 'jose';
import { MAX_WAREHOUSE_CLAIMS, type Role, type Viewer } from '@dnp/subgraph-kit/viewer';

/** Issuer and audience of user access tokens (signed by the dealers subgraph's `login`). */
export const ACCESS_TOKEN_ISSUER = 'dnp-dealers';
export const ACCESS_TOKEN_AUDIENCE = 'dnp';

/** The strings of a list claim (anything else dropped), or undefined when the claim is not a list. */
function stringList(claim: unknown, max = Infinity): string[] | undefined {
  if (!Array.isArray(claim)) return undefined;
  return (claim as unknown[]).filter((id): id is string => typeof id === 'string').slice(0, max);
}

function refused(code: 'TOKEN_EXPIRED' | 'INVALID_TOKEN', message: string): GraphQLError {
  // 401 refuses the whole request: a caller with a bad token must not silently become anonymous.
  return new GraphQLError(message, { extensions: { code, http: { status: 401 } } });
}

/**
 * Verifies a bearer access token and returns the viewer it names. No header means an anonymous
 * viewer (null); a present but expired or forged token is refused.
 */
export async function viewerFromAuthorization(header: string | undefined, secret: Uint8Array): Promise<Viewer | null> {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw refused('INVALID_TOKEN', 'The Authorization header must be "Bearer <access token>"');
  try {
    const { payload } = await jwtVerify(match[1]!, secret, {
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      algorithms: ['HS256'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.role !== 'string')
      throw refused('INVALID_TOKEN', 'The access token lacks a subject or role');
    return {
      userId: payload.sub,
      role: payload.role as Role,
      displayName: typeof payload.name === 'string' ? payload.name : undefined,
      dealerId: typeof payload.dealerId === 'string' ? payload.dealerId : undefined,
      dealerGrade: typeof payload.dealerGrade === 'string' ? payload.dealerGrade : undefined,
      regionId: typeof payload.regionId === 'string' ? payload.regionId : undefined,
      regionPath: Array.isArray(payload.regionPath) ? (payload.regionPath as string[]) : undefined,
      subDealerIds: stringList(payload.subDealerIds),
      warehouseIds: stringList(payload.warehouseIds, MAX_WAREHOUSE_CLAIMS),
    };
  } catch (err) {
    if (err instanceof GraphQLError) throw err;
    if (err instanceof joseErrors.JWTExpired)
      throw refused('TOKEN_EXPIRED', 'The access token has expired; refresh it or log in again');
    throw refused('INVALID_TOKEN', 'The access token could not be verified');
  }
}
