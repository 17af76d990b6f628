/**
 * Block Kit validation as Slack does it for the block types the bot may send, field by field,
 * with the limits of the shared PLATFORM-LIMITS. Each problem names its place, e.g.
 * "blocks[3].text.text: longer than 3000", so a failing test says what to fix.
 */
export type Surface = "message" | "modal" | "home";

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };

type Json = Record<string, unknown>;

export function validateBlocks(blocks: unknown, surface: Surface): string[] {
  const problems: string[] = [];
  const check = new Checker(problems);
  if (!Array.isArray(blocks)) return ["blocks: not an array"];
  if (blocks.length > MAX_BLOCKS[surface]) problems.push(`blocks: more than ${MAX_BLOCKS[surface]}`);
  const blockIds = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const path = `blocks[${i}]`;
    if (!isObject(block)) {
      problems.push(`${path}: not an object`);
      continue;
    }
    if (block.block_id !== undefined) {
      check.string(block.block_id, `${path}.block_id`, 255);
      if (blockIds.has(String(block.block_id))) problems.push(`${path}.block_id: repeated`);
      blockIds.add(String(block.block_id));
    }
    validateBlock(block, path, surface, check);
  }
  return problems;
}

/** A modal or home view: type, title, submit, close, private_metadata, callback_id and blocks. */
export function validateView(view: unknown, surface: "modal" | "home"): string[] {
  if (!isObject(view)) return ["view: not an object"];
  const problems: string[] = [];
  const check = new Checker(problems);
  if (view.type !== surface) problems.push(`view.type: expected ${surface}`);
  if (surface === "modal") {
    check.text(view.title, "view.title", 24, "plain_text");
    if (view.submit !== undefined) check.text(view.submit, "view.submit", 24, "plain_text");
    if (view.close !== undefined) check.text(view.close, "view.close", 24, "plain_text");
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined) problems.push("view.submit: required when the view has inputs");
  }
  if (view.private_metadata !== undefined) check.string(view.private_metadata, "view.private_metadata", 3_000, true);
  if (view.callback_id !== undefined) check.string(view.callback_id, "view.callback_id", 255);
  problems.push(...validateBlocks(view.blocks, surface));
  return problems;
}

function validateBlock(block: Json, path: string, surface: Surface, check: Checker): undefined {
  switch (block.type) {
    case "header":
      return check.text(block.text, `${path}.text`, 150, "plain_text");
    case "section": {
      if (block.text === undefined && block.fields === undefined) return check.fail(`${path}: needs text or fields`);
      if (block.text !== undefined) check.text(block.text, `${path}.text`, 3_000);
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length === 0 || block.fields.length > 10) return check.fail(`${path}.fields: 1 to 10 required`);
        for (const [i, f] of block.fields.entries()) check.text(f, `${path}.fields[${i}]`, 2_000);
      }
      return;
    }
    case "context": {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10) return check.fail(`${path}.elements: 1 to 10 required`);
      for (const [i, e] of block.elements.entries()) {
        if (isObject(e) && e.type === "image") check.url(e.image_url, `${path}.elements[${i}].image_url`);
        else check.text(e, `${path}.elements[${i}]`, 2_000);
      }
      return;
    }
    case "divider":
      return;
    case "image":
      check.url(block.image_url, `${path}.image_url`);
      return check.string(block.alt_text, `${path}.alt_text`, 2_000);
    case "actions": {
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25) return check.fail(`${path}.elements: 1 to 25 required`);
      const actionIds = new Set<string>();
      for (const [i, e] of block.elements.entries()) {
        const where = `${path}.elements[${i}]`;
        if (!isObject(e)) {
          check.fail(`${where}: not an object`);
          continue;
        }
        if (typeof e.action_id === "string") {
          if (actionIds.has(e.action_id)) check.fail(`${where}.action_id: repeated in the block`);
          actionIds.add(e.action_id);
        }
        validateInteractive(e, where, check);
      }
      return;
    }
    case "input": {
      if (surface === "message") return check.fail(`${path}: input blocks belong in modals`);
      check.text(block.label, `${path}.label`, 2_000, "plain_text");
      if (!isObject(block.element)) return check.fail(`${path}.element: required`);
      return validateInputElement(block.element, `${path}.element`, check);
    }
    default:
      return check.fail(`${path}.type: unknown block type ${JSON.stringify(block.type)}`);
  }
}

function validateInteractive(e: Json, where: string, check: Checker): undefined {
  check.string(e.action_id, `${where}.action_id`, 255);
  if (e.type === "button") {
    check.text(e.text, `${where}.text`, 75, "plain_text");
    if (e.value !== undefined) check.string(e.value, `${where}.value`, 2_000, true);
    if (e.url !== undefined) check.url(e.url, `${where}.url`);
    if (e.style !== undefined && e.style !== "primary" && e.style !== "danger") check.fail(`${where}.style: primary or danger`);
    return;
  }
  if (e.type === "static_select") return validateOptions(e, where, check);
  check.fail(`${where}.type: unsupported element ${JSON.stringify(e.type)}`);
}

function validateOptions(e: Json, where: string, check: Checker): undefined {
  if (e.placeholder !== undefined) check.text(e.placeholder, `${where}.placeholder`, 150, "plain_text");
  if (!Array.isArray(e.options) || e.options.length === 0 || e.options.length > 100) return check.fail(`${where}.options: 1 to 100 required`);
  for (const [i, o] of e.options.entries()) {
    if (!isObject(o)) {
      check.fail(`${where}.options[${i}]: not an object`);
      continue;
    }
    check.text(o.text, `${where}.options[${i}].text`, 75, "plain_text");
    check.string(o.value, `${where}.options[${i}].value`, 150);
  }
}

function validateInputElement(e: Json, where: string, check: Checker): undefined {
  check.string(e.action_id, `${where}.action_id`, 255);
  switch (e.type) {
    case "plain_text_input":
      if (e.max_length !== undefined && (typeof e.max_length !== "number" || e.max_length < 1 || e.max_length > 3_000))
        check.fail(`${where}.max_length: 1 to 3000`);
      if (e.initial_value !== undefined) check.string(e.initial_value, `${where}.initial_value`, 3_000, true);
      if (e.placeholder !== undefined) check.text(e.placeholder, `${where}.placeholder`, 150, "plain_text");
      return;
    case "number_input":
      if (typeof e.is_decimal_allowed !== "boolean") check.fail(`${where}.is_decimal_allowed: required`);
      for (const key of ["min_value", "max_value", "initial_value"])
        if (e[key] !== undefined && typeof e[key] !== "string") check.fail(`${where}.${key}: a string`);
      return;
    case "static_select":
      return validateOptions(e, where, check);
    default:
      check.fail(`${where}.type: unsupported input ${JSON.stringify(e.type)}`);
  }
}

class Checker {
  constructor(private readonly problems: string[]) {}

  fail(problem: string): undefined {
    this.problems.push(problem);
  }

  string(value: unknown, path: string, max: number, allowEmpty = false): undefined {
    if (typeof value !== "string") return this.fail(`${path}: not a string`);
    if (!allowEmpty && value.length === 0) this.fail(`${path}: empty`);
    if (value.length > max) this.fail(`${path}: longer than ${max}`);
  }

  text(value: unknown, path: string, max: number, only?: "plain_text"): undefined {
    if (!isObject(value)) return this.fail(`${path}: not a text object`);
    if (value.type !== "plain_text" && value.type !== "mrkdwn") return this.fail(`${path}.type: plain_text or mrkdwn`);
    if (only && value.type !== only) this.fail(`${path}.type: must be ${only}`);
    this.string(value.text, `${path}.text`, max);
  }

  url(value: unknown, path: string): undefined {
    this.string(value, path, 3_000);
    if (typeof value === "string" && !/^https?:\/\//.test(value)) this.fail(`${path}: not an http(s) URL`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
