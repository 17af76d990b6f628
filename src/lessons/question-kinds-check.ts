import { BUG_LINE_MAX, BUG_LINES_MAX, type Chain, type Family, type Question } from "./curriculum-schema.js";

type InFile<T> = T & { file: string };

/** What the quiz files hold, before the checks that span files. */
export interface QuizBank {
  questions: InFile<Question>[];
  families: InFile<Family>[];
  chains: InFile<Chain>[];
}

/**
 * The rules of the question kinds, families and chains that a schema cannot state: a numeric
 * answer a learner can type, distinct steps, a buggy line that exists, links that resolve.
 */
export function checkQuestionKinds(bank: QuizBank): string[] {
  const problems: string[] = [];
  for (const question of bank.questions) problems.push(...checkKind(question).map((p) => `${question.file}: question ${question.id}: ${p}`));
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const groupIds = new Map<string, string>();
  const claimGroupId = (id: string, file: string) => {
    const other = groupIds.get(id);
    if (other) problems.push(`${file}: "${id}" is also the id of a family or chain in ${other}`);
    else if (byId.has(id)) problems.push(`${file}: "${id}" is also a question id; a family or chain needs its own id`);
    groupIds.set(id, file);
  };
  const inFamily = new Map<string, string>();
  for (const family of bank.families) {
    const where = `${family.file}: family ${family.id}`;
    claimGroupId(family.id, family.file);
    const members = family.members.map((m) => byId.get(m));
    family.members.forEach((member, i) => {
      if (!members[i]) problems.push(`${where}: members: unknown question "${member}"`);
      const other = inFamily.get(member);
      if (other) problems.push(`${where}: members: "${member}" is already in family ${other}`);
      inFamily.set(member, family.id);
    });
    if (new Set(family.members).size !== family.members.length) problems.push(`${where}: members: a question is listed twice`);
    const skills = new Set(members.flatMap((m) => (m ? [m.skill] : [])));
    if (skills.size > 1) problems.push(`${where}: members: one concept is one skill, found ${[...skills].join(", ")}`);
    const prompts = new Set(members.flatMap((m) => (m ? [m.prompt.trim().toLowerCase()] : [])));
    if (prompts.size < members.filter(Boolean).length) problems.push(`${where}: members: two members share a prompt; a family rewords the question`);
  }
  const inChain = new Map<string, string>();
  for (const chain of bank.chains) {
    const where = `${chain.file}: chain ${chain.id}`;
    claimGroupId(chain.id, chain.file);
    chain.steps.forEach((step, i) => {
      const question = byId.get(step.question);
      if (!question) problems.push(`${where}: steps[${i}]: unknown question "${step.question}"`);
      const other = inChain.get(step.question);
      if (other) problems.push(`${where}: steps[${i}]: "${step.question}" is already a step of chain ${other}`);
      inChain.set(step.question, chain.id);
      if (inFamily.has(step.question)) problems.push(`${where}: steps[${i}]: "${step.question}" is in a family; a step reads in its story only`);
      if (i > 0 && !step.reveal) problems.push(`${where}: steps[${i}]: reveal: each step after the first reveals something new`);
      if (i === 0 && step.reveal) problems.push(`${where}: steps[0]: reveal: the scenario opens the case; the first step reveals nothing more`);
      if (question && chain.steps[0] && question.lesson !== byId.get(chain.steps[0].question)?.lesson) {
        problems.push(`${where}: steps[${i}]: every step belongs to the lesson of the first`);
      }
    });
  }
  return problems;
}

function checkKind(question: Question): string[] {
  const spec = question.spec;
  switch (spec.kind) {
    case "single":
      return [];
    case "numeric": {
      const problems: string[] = [];
      // A tolerance as wide as the answer would accept 0, or the answer's sign flipped.
      if (spec.answer !== 0 && spec.tolerance >= Math.abs(spec.answer)) problems.push(`tolerance: ${spec.tolerance} is as wide as the answer ${spec.answer}`);
      if (Math.abs(spec.answer) >= 1e12) problems.push("answer: keep answers under a trillion; use a larger unit");
      return problems;
    }
    case "order": {
      const texts = spec.items.map((item) => item.trim().toLowerCase());
      return new Set(texts).size === texts.length ? [] : ["items: two steps have the same text"];
    }
    case "bug": {
      const lines = spec.code.split("\n");
      const problems: string[] = [];
      if (lines.length < 3 || lines.length > BUG_LINES_MAX) problems.push(`code: ${lines.length} lines; a block has 3 to ${BUG_LINES_MAX}`);
      lines.forEach((line, i) => {
        if (line.length > BUG_LINE_MAX) problems.push(`code: line ${i + 1} has ${line.length} characters; at most ${BUG_LINE_MAX}`);
        if (line.includes("```")) problems.push(`code: line ${i + 1} holds a code fence`);
      });
      if (spec.line > lines.length) problems.push(`line: ${spec.line} is past the last line (${lines.length})`);
      else if ((lines[spec.line - 1] ?? "").trim() === "") problems.push(`line: ${spec.line} is blank`);
      return problems;
    }
  }
}
