import 'reflect-metadata';
import { runSubgraph } from '@dnp/subgraph-kit';
import { authSettingsOf, config, invitationSettingsOf, networkSettingsOf } from './config.js';
import { createDealersSubgraph } from './subgraph.js';

await runSubgraph(
  createDealersSubgraph(
    authSettingsOf(config),
    {
      subgraphUrls: config.SUBGRAPH_URLS,
      secret: config.INTERNAL_JWT_SECRET,
    },
    networkSettingsOf(config),
    invitationSettingsOf(config),
  ),
  config,
);
