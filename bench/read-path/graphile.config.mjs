// The benchmark's peer: PostGraphile 5 over the hub's own database, connected as the hub's
// application role (owns no table, no BYPASSRLS), so PostgreSQL's row-level security applies to it
// exactly as to the hub: every transaction sets the same viewer settings the hub sets (the
// association Le Relais, unless PEER_VIEWER_ORG says otherwise). It makes no consent decision and
// writes no access event: the hub does both.
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

const organization = process.env.PEER_VIEWER_ORG ?? "a0000000-0000-4000-8000-000000000005";

export default {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["passerelle"],
      pgSettings: () => ({
        "passerelle.viewer_org": organization,
        "passerelle.viewer_user": "peer",
        "passerelle.grace_days": "30",
      }),
    }),
  ],
  grafserv: { port: Number(process.env.PEER_PORT ?? 5678), graphiql: false },
  grafast: { explain: false },
};
