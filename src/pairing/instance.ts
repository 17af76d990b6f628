import { z } from "zod";
import { counted } from "../core/text.js";

/**
 * A matching instance: the solver's whole input, documented in INSTANCE.md.
 * Ids are opaque strings; mentee ids and mentor ids live in separate lists, and a pair
 * whose mentee id equals its mentor id (one person on both sides) is never chosen.
 */
export interface MatchInstance {
  mentees: MatchMentee[];
  mentors: MatchMentor[];
  forbidden?: ForbiddenPair[];
}

export interface MatchMentee {
  id: string;
  /** Left unmatched last round: matched before anyone who was not (see INSTANCE.md). */
  priority?: boolean;
  candidates: Candidate[];
}

export interface Candidate {
  mentor: string;
  /** How well this mentor suits this mentee, from 0 to 1. */
  fit: number;
}

export interface MatchMentor {
  id: string;
  /** How many mentees this mentor takes in this round. */
  capacity: number;
}

export interface ForbiddenPair {
  mentee: string;
  mentor: string;
}

/** Raised for an instance that cannot be solved as given; `problems` are "field: sentence" lines. */
export class InstanceError extends Error {
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = problems.length - shown.length;
    super([...shown, ...(more > 0 ? [`...and ${counted(more, "more problem")}`] : [])].join("\n"));
    this.name = "InstanceError";
  }
}

const MAX_PROBLEMS_SHOWN = 20;
const ID = "must be a non-empty string";
const CAPACITY = "must be a whole number of at least 1";
const FIT = "must be a number from 0 to 1";
const PRIORITY = "must be true or false";

/** A missing field says so; a field of the wrong type gets the rule it breaks. */
const rule = (message: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message) });
const list = (what: string) => rule(`must be a list of ${what}`);
const object = (what: string) => ({
  error: (issue: { input?: unknown; code?: string; keys?: string[] }) => {
    if (issue.code === "unrecognized_keys") return `unknown field${issue.keys?.length === 1 ? "" : "s"} ${issue.keys?.map((k) => `"${k}"`).join(", ")}`;
    return issue.input === undefined ? "is required" : `must be an object with ${what}`;
  },
});

const candidateSchema = z.strictObject({ mentor: z.string(rule(ID)), fit: z.number(rule(FIT)) }, object('"mentor" and "fit"'));
const instanceSchema = z.strictObject(
  {
    mentees: z.array(
      z.strictObject(
        { id: z.string(rule(ID)), priority: z.boolean(rule(PRIORITY)).optional(), candidates: z.array(candidateSchema, list("candidates")) },
        object('"id" and "candidates"'),
      ),
      list("mentees"),
    ),
    mentors: z.array(z.strictObject({ id: z.string(rule(ID)), capacity: z.number(rule(CAPACITY)) }, object('"id" and "capacity"')), list("mentors")),
    forbidden: z.array(z.strictObject({ mentee: z.string(rule(ID)), mentor: z.string(rule(ID)) }, object('"mentee" and "mentor"')), list("pairs")).optional(),
  },
  object('"mentees" and "mentors"'),
);

/** Parses the text of an instance file; throws InstanceError naming each bad field. */
export function parseInstance(text: string): MatchInstance {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InstanceError([`(file): not valid JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  const parsed = instanceSchema.safeParse(json);
  if (!parsed.success) throw new InstanceError(parsed.error.issues.map((issue) => `${fieldName(issue.path)}: ${issue.message}`));
  const problems = instanceProblems(parsed.data);
  if (problems.length > 0) throw new InstanceError(problems);
  return parsed.data;
}

function fieldName(path: PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

/**
 * The rules beyond the shape: value ranges, unique ids, and references that must resolve.
 * The solver runs these too, so an instance built in code gets the same sentences.
 */
export function instanceProblems(instance: MatchInstance): string[] {
  const problems: string[] = [];
  const menteeAt = firstPositions(instance.mentees, "mentees", problems);
  const mentorAt = firstPositions(instance.mentors, "mentors", problems);
  instance.mentors.forEach((mentor, i) => {
    if (!Number.isInteger(mentor.capacity) || mentor.capacity < 1) problems.push(`mentors[${i}].capacity: ${CAPACITY}`);
  });
  // lastListedBy[mentor] = the last mentee that listed it, to catch a mentor listed twice.
  const lastListedBy = new Int32Array(instance.mentors.length).fill(-1);
  instance.mentees.forEach((mentee, i) => {
    if (mentee.priority !== undefined && typeof mentee.priority !== "boolean") problems.push(`mentees[${i}].priority: ${PRIORITY}`);
    for (let j = 0; j < mentee.candidates.length; j++) {
      const candidate = mentee.candidates[j] as Candidate;
      if (!(candidate.fit >= 0 && candidate.fit <= 1)) problems.push(`mentees[${i}].candidates[${j}].fit: ${FIT}`);
      const mentor = mentorAt.get(candidate.mentor);
      if (mentor === undefined) problems.push(`mentees[${i}].candidates[${j}].mentor: no mentor has the id ${JSON.stringify(candidate.mentor)}`);
      else if (lastListedBy[mentor] === i)
        problems.push(`mentees[${i}].candidates[${j}].mentor: ${JSON.stringify(candidate.mentor)} is already a candidate of this mentee`);
      else lastListedBy[mentor] = i;
    }
  });
  instance.forbidden?.forEach((pair, i) => {
    if (!menteeAt.has(pair.mentee)) problems.push(`forbidden[${i}].mentee: no mentee has the id ${JSON.stringify(pair.mentee)}`);
    if (!mentorAt.has(pair.mentor)) problems.push(`forbidden[${i}].mentor: no mentor has the id ${JSON.stringify(pair.mentor)}`);
  });
  return problems;
}

/** Maps each id to its first position, reporting empty and repeated ids. */
function firstPositions(people: { id: string }[], listName: string, problems: string[]): Map<string, number> {
  const at = new Map<string, number>();
  people.forEach((person, i) => {
    if (typeof person.id !== "string" || person.id.length === 0) problems.push(`${listName}[${i}].id: ${ID}`);
    const first = at.get(person.id);
    if (first === undefined) at.set(person.id, i);
    else problems.push(`${listName}[${i}].id: ${JSON.stringify(person.id)} is listed twice (first at ${listName}[${first}])`);
  });
  return at;
}
