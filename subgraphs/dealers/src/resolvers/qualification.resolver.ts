import { FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { Qualification } from '../entities/qualification.entity.js';
import { QualificationService } from '../services/qualification.service.js';

const qualifications = new QualificationService();

@Resolver(() => Qualification)
export class QualificationResolver {
  @FieldResolver(() => Boolean, { description: 'True once `validUntil` has passed.' })
  expired(@Root() q: Qualification) {
    return qualifications.expired(q);
  }

  @FieldResolver(() => Int, {
    description: 'Whole days left before expiry, rounded down: 0 within the last 24 hours, negative once expired.',
  })
  expiresInDays(@Root() q: Qualification) {
    return qualifications.expiresInDays(q);
  }
}
