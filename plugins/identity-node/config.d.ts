export interface Config {
  atrium?: {
    identity?: {
      /**
       * Groups whose members may change and operate every catalog entity, beside each entity's owners.
       * Entity refs, e.g. `group:default/platform-admins`. Members of their child groups count as members.
       */
      platformAdmins?: string[];
      /**
       * How far up the group hierarchy a signed-in user's ownership reaches: a member of a team also owns
       * what the team's parent groups own, up to this many levels. Default 10.
       */
      maxGroupDepth?: number;
    };
  };
}
