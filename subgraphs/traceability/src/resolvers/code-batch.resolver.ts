import { Grant, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import {
  CheckReturnCodesInput,
  CheckShipCodesInput,
  LinkShipmentCodesInput,
  ReceiveShipmentCodesInput,
  ReleaseQuarantinedCodesInput,
  ReturnCodesInput,
} from '../schema/code-batch.input.js';
import { CodeBatchPayload, CodeProblem } from '../schema/code-batch.type.js';
import { CodeBatchService, type CodeBatchResult } from '../services/code-batch.service.js';
import { CodeCheckService } from '../services/code-check.service.js';
import { CodeQuarantineService } from '../services/code-quarantine.service.js';
import type { TraceabilityContext } from '../traceability-context.js';

const checks = new CodeCheckService();
const batches = new CodeBatchService();
const quarantine = new CodeQuarantineService();

function payload(result: CodeBatchResult): CodeBatchPayload {
  return Object.assign(new CodeBatchPayload(), { codeCount: result.codeCount, errors: toUserErrors(result.errors) });
}

/** The SERVICE operations orders calls to ship, receive and return serial codes with the goods. */
@Resolver()
export class CodeBatchResolver {
  @Authorized(Grant.SERVICE)
  @Query(() => [CodeProblem], {
    description:
      'Checks codes to ship from a warehouse against the shipment lines; one problem per bad code, nothing ' +
      'written (service only).',
  })
  @Directive('@inaccessible')
  async checkShipCodes(
    @Ctx() ctx: TraceabilityContext,
    @Arg('input', () => CheckShipCodesInput, { description: 'Warehouse, lines and codes.' }) input: CheckShipCodesInput,
  ) {
    return (await checks.checkShip(ctx, input)).map((p) => Object.assign(new CodeProblem(), p));
  }

  @Authorized(Grant.SERVICE)
  @Query(() => [CodeProblem], {
    description:
      'Checks codes a dealer means to return against the return lines; one problem per bad code, nothing ' +
      'written (service only).',
  })
  @Directive('@inaccessible')
  async checkReturnCodes(
    @Ctx() ctx: TraceabilityContext,
    @Arg('input', () => CheckReturnCodesInput, { description: 'Dealer, lines and codes.' })
    input: CheckReturnCodesInput,
  ) {
    return (await checks.checkReturn(ctx, input)).map((p) => Object.assign(new CodeProblem(), p));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => CodeBatchPayload, {
    description:
      'Ships codes and their contents to a dealer with a shipment: SHIPPED, owned, one SHIP event each ' +
      '(service only; idempotent by key).',
  })
  @Directive('@inaccessible')
  async linkShipmentCodes(
    @Ctx() ctx: TraceabilityContext,
    @Arg('input', () => LinkShipmentCodesInput, { description: 'Shipment, dealer, warehouse and codes.' })
    input: LinkShipmentCodesInput,
  ) {
    return payload(await batches.link(ctx, input));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => CodeBatchPayload, {
    description:
      "Receives a shipment's codes into the dealer's warehouse, one RECEIVE event each (service only; " +
      'idempotent by key).',
  })
  @Directive('@inaccessible')
  async receiveShipmentCodes(
    @Ctx() ctx: TraceabilityContext,
    @Arg('input', () => ReceiveShipmentCodesInput, { description: 'Shipment and receiving warehouse.' })
    input: ReceiveShipmentCodesInput,
  ) {
    return payload(await batches.receive(ctx, input));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => CodeBatchPayload, {
    description:
      'Takes returned codes back into a brand warehouse: RETURNED, no owner, one RETURN event each ' +
      '(service only; idempotent by key).',
  })
  @Directive('@inaccessible')
  async returnCodes(
    @Ctx() ctx: TraceabilityContext,
    @Arg('input', () => ReturnCodesInput, { description: 'Return, warehouse, codes and quarantine.' })
    input: ReturnCodesInput,
  ) {
    return payload(await batches.returnCodes(ctx, input));
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => CodeBatchPayload, {
    description:
      'Releases returned codes from quarantine as inventory released their stock: per lot, the item codes ' +
      'quarantined beyond the units still quarantined, then cases and pallets emptied of quarantine (service only; ' +
      'a repeat changes nothing).',
  })
  @Directive('@inaccessible')
  async releaseQuarantinedCodes(
    @Ctx() ctx: TraceabilityContext,
    @Arg('input', () => ReleaseQuarantinedCodesInput, { description: 'Warehouse, product and its lots now.' })
    input: ReleaseQuarantinedCodesInput,
  ) {
    return payload(await quarantine.release(ctx, input));
  }
}
