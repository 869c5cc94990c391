/** What training needs to know of a person: their name on certificates, their department in reports. */
export interface Person {
  readonly _id: string;
  readonly name: string;
  readonly department: string | null;
}

/** The people directory kept from `user.*` events (the kit's `subscribePeopleDirectory`). */
export interface People {
  find(userId: string): Promise<Person | null>;
  findMany(userIds: readonly string[]): Promise<readonly Person[]>;
  /** The `User.id`s of a department's people, for reports. */
  idsInDepartment(department: string): Promise<string[]>;
}
