import { Role } from '@weace/service-kit';
import { Arg, Authorized, Mutation, Query, Resolver } from 'type-graphql';
import { PointsRuleInput } from './points-rule.inputs';
import { PointsRule } from './points-rule.model';
import { defineRule, listRules } from './points-rule.service';

@Resolver(() => PointsRule)
export class PointsRuleResolver {
  @Authorized()
  @Query(() => [PointsRule], { description: 'How points are earned' })
  pointsRules(): Promise<PointsRule[]> {
    return listRules();
  }

  @Authorized(Role.Admin)
  @Mutation(() => PointsRule, { description: 'Changes future credit only; see recomputePoints' })
  definePointsRule(
    @Arg('input', () => PointsRuleInput) input: PointsRuleInput,
  ): Promise<PointsRule> {
    return defineRule(input);
  }
}
