import { parseTime, parseTimezone } from "../core/args.js";
import type { CommandDefinition } from "../core/commands.js";
import { type CommandContext, type FormHandler, openFormOrExplain } from "../core/context.js";
import { FormValidationError, UserError } from "../core/errors.js";
import { type Form, type FormInput, textMessage } from "../core/message.js";
import { counted, quoted } from "../core/text.js";

export const PROFILE_FORM = "member.profile";

/** `/mentor profile`: timezone, working hours, skills (to learn or to offer), languages, capacity. */
export function profileCommand(): CommandDefinition {
  return {
    path: ["profile"],
    summary: "Your profile: timezone, working hours, skills to learn or offer, languages, mentor capacity.",
    args: [],
    access: "member",
    opensForm: true,
    async run(ctx) {
      return openFormOrExplain(ctx, await profileForm(ctx), "This surface cannot open forms; set your timezone with `/mentor timezone Europe/Berlin`.");
    },
  };
}

async function profileForm(ctx: CommandContext): Promise<Form> {
  const profile = await ctx.services.pairing.profiles.get(ctx.member.id);
  const mentor = ctx.member.roles.includes("mentor");
  const skillIds = ctx.services.lessons.skills.map((s) => s.id);
  const inputs: FormInput[] = [
    {
      kind: "text",
      id: "timezone",
      label: "Timezone (e.g. Europe/Berlin)",
      required: true,
      maxLength: 64,
      initial: ctx.services.members.timezoneOf(ctx.member, ctx.workspace),
    },
    {
      kind: "text",
      id: "hours",
      label: "Working hours (e.g. 09:00-17:00)",
      required: true,
      maxLength: 11,
      initial: `${profile?.hoursStart ?? "09:00"}-${profile?.hoursEnd ?? "17:00"}`,
    },
    mentor
      ? {
          kind: "longText",
          id: "skills",
          label: "Skills you offer, skill:level (1-3)",
          required: false,
          maxLength: 500,
          placeholder: `e.g. api-design:3, performance:2 (skills: ${skillIds.join(", ")})`,
          initial: Object.entries(profile?.offers ?? {})
            .map(([skill, level]) => `${skill}:${level}`)
            .join(", "),
        }
      : {
          kind: "longText",
          id: "skills",
          label: "Skills you want to learn",
          required: false,
          maxLength: 500,
          placeholder: `e.g. system-design, api-design (skills: ${skillIds.join(", ")})`,
          initial: (profile?.goals ?? []).join(", "),
        },
    { kind: "text", id: "languages", label: "Languages you mentor in", required: false, maxLength: 100, initial: (profile?.languages ?? []).join(", ") },
  ];
  if (mentor)
    inputs.push({ kind: "number", id: "capacity", label: "Mentees at once (1-10)", required: true, min: 1, max: 10, initial: String(profile?.capacity ?? 2) });
  return { id: PROFILE_FORM, title: "Your profile", submitLabel: "Save", inputs };
}

export const profileFormHandler: FormHandler = {
  formId: PROFILE_FORM,
  async run(ctx, values) {
    const errors: Record<string, string> = {};
    const timezone = tryParse(() => parseTimezone((values.timezone ?? "").trim()));
    if (!timezone) errors.timezone = `${quoted((values.timezone ?? "").slice(0, 64))} is not a timezone I know. Use an IANA name such as Europe/Berlin.`;
    // A field left out of a submission keeps its saved value.
    const saved = await ctx.services.pairing.profiles.get(ctx.member.id);
    const hours = parseHours(values.hours ?? `${saved?.hoursStart ?? "09:00"}-${saved?.hoursEnd ?? "17:00"}`);
    if (!hours) errors.hours = "Working hours look like 09:00-17:00 (24-hour times).";
    const skillIds = new Set(ctx.services.lessons.skills.map((s) => s.id));
    const mentor = ctx.member.roles.includes("mentor");
    const skills = parseSkills(values.skills ?? "", mentor);
    const unknown = Object.keys(skills).filter((s) => !skillIds.has(s));
    if (unknown.length > 0) {
      const named = unknown.slice(0, 5).map((s) => quoted(s.slice(0, 40)));
      const more = unknown.length > named.length ? ` and ${unknown.length - named.length} more` : "";
      errors.skills = `${counted(unknown.length, "unknown skill")}: ${named.join(", ")}${more}. Skills: ${[...skillIds].join(", ")}.`;
    }
    if (Object.values(skills).some((level) => level < 1 || level > 3)) errors.skills = "Levels go from 1 to 3, as in api-design:3.";
    const languages = (values.languages ?? "")
      .split(/[,;]/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (languages.some((l) => !/^[\p{L} -]{2,30}$/u.test(l))) errors.languages = "List languages by name, separated by commas (e.g. English, Spanish).";
    const capacity = mentor ? Number(values.capacity) : undefined;
    if (mentor && (!Number.isInteger(capacity) || (capacity as number) < 1 || (capacity as number) > 10))
      errors.capacity = "Capacity is a whole number from 1 to 10.";
    if (Object.keys(errors).length > 0) throw new FormValidationError(errors);
    await ctx.services.members.setTimezone(ctx.member, timezone as string);
    await ctx.services.pairing.profiles.update(ctx.member, {
      hoursStart: hours?.[0],
      hoursEnd: hours?.[1],
      languages,
      ...(mentor ? { offers: skills, capacity } : { goals: Object.keys(skills) }),
    });
    return textMessage(`Profile saved. Your timezone is ${timezone}.`);
  },
};

function tryParse(parse: () => string | undefined): string | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof UserError) return undefined;
    throw error;
  }
}

function parseHours(text: string): [string, string] | undefined {
  const match = /^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(text);
  if (!match) return undefined;
  const start = tryParse(() => parseTime(match[1] as string));
  const end = tryParse(() => parseTime(match[2] as string));
  return start && end && start !== end ? [start, end] : undefined;
}

/** "api-design:3, performance" -> { "api-design": 3, performance: 2 } (goals get level 1). */
function parseSkills(text: string, withLevels: boolean): Record<string, number> {
  const skills: Record<string, number> = {};
  for (const part of text
    .split(/[,;\n]/)
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)) {
    const [skill, level] = part.split(":").map((p) => p.trim());
    skills[skill as string] = withLevels ? (level === undefined ? 2 : Number(level)) : 1;
  }
  return skills;
}
