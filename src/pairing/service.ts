import type { Db } from "../db/connection.js";
import { PairingProfiles } from "./profiles.js";

/** The pairing domain's stored facts; planning and rounds are functions over Services. */
export class PairingService {
  readonly profiles: PairingProfiles;

  constructor(db: Db) {
    this.profiles = new PairingProfiles(db);
  }
}
