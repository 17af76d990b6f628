import { z } from "zod";

/**
 * Text limits of a scenario file. A step's message is updated in place when its vote closes, so
 * it must fit one Slack section (3,000) and one Discord embed (4,096) with its outcome; a button
 * label fits both platforms (Slack 75, Discord 80); an option id fits a button value (58 with
 * the game's id and step number in front).
 */
export const SCENARIO_LIMITS = {
  title: 100,
  summary: 200,
  situation: 1_400,
  fact: 700,
  prompt: 300,
  label: 75,
  outcome: 700,
  why: 400,
  ending: 1_200,
  betterPath: 1_200,
  followUp: 200,
  optionId: 24,
  /** Discord: five buttons a row; the admins' close button goes in a row of its own. */
  options: 5,
  facts: 4,
  followUps: 5,
} as const;

const ID = /^[a-z][a-z0-9-]*$/;
const L = SCENARIO_LIMITS;

const limited = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max, { message: `at most ${max} characters (a platform limit)` });

export const optionSchema = z.strictObject({
  id: z.string().regex(ID).max(L.optionId),
  label: limited(L.label),
  /** best: what a seasoned on-call would do; fair: safe but slow or partial; harmful: makes it worse. */
  rating: z.enum(["best", "fair", "harmful"]),
  next: z.string().regex(ID),
  /** What the channel sees happen after choosing this. */
  outcome: limited(L.outcome),
  /** Why it is (or is not) the better move: the postmortem's "better path" uses it. */
  why: limited(L.why),
});

export const factSchema = z.strictObject({
  /** Seconds after the step opens; always before its vote closes. */
  after_seconds: z.number().int().min(0).max(1_800),
  text: limited(L.fact),
});

export const decisionSchema = z.strictObject({
  prompt: limited(L.prompt),
  vote_seconds: z.number().int().min(30).max(1_800),
  /** The option the incident takes when nobody votes: an incident does not wait for a quorum. */
  no_vote: z.string().regex(ID),
  options: z.array(optionSchema).min(2).max(L.options),
});

export const endingSchema = z.strictObject({
  outcome: z.enum(["resolved", "degraded", "outage"]),
  text: limited(L.ending),
});

export const stepSchema = z
  .strictObject({
    id: z.string().regex(ID).max(40),
    text: limited(L.situation),
    facts: z.array(factSchema).max(L.facts).default([]),
    decision: decisionSchema.optional(),
    ending: endingSchema.optional(),
  })
  .refine((s) => (s.decision === undefined) !== (s.ending === undefined), { message: "a step has either a decision or an ending, not both or neither" });

export const scenarioFileSchema = z.strictObject({
  id: z.string().regex(ID).max(40),
  title: limited(L.title),
  summary: limited(L.summary),
  /** Lesson ids of the course the game practises; shown as follow-ups. */
  lessons: z.array(z.string().regex(ID)).min(1).max(8),
  start: z.string().regex(ID),
  better_path: limited(L.betterPath),
  follow_ups: z.array(limited(L.followUp)).min(1).max(L.followUps),
  steps: z.array(stepSchema).min(2),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type Step = z.infer<typeof stepSchema>;
export type Decision = z.infer<typeof decisionSchema>;
export type Option = z.infer<typeof optionSchema>;

/** A checked scenario: steps by id. */
export interface Scenario extends ScenarioFile {
  file: string;
  stepById: Map<string, Step>;
}
