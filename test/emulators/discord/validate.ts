/**
 * Discord's checks on message, modal and application-command bodies (PLATFORM-LIMITS), with
 * answers shaped like Discord's 50035 "Invalid Form Body": errors nested by field path.
 */
type Json = Record<string, unknown>;

export interface FieldProblem {
  path: (string | number)[];
  code: string;
  message: string;
}

export class Problems {
  readonly list: FieldProblem[] = [];

  add(path: (string | number)[], code: string, message: string): void {
    this.list.push({ path, code, message });
  }

  maxLength(path: (string | number)[], value: unknown, max: number, min = 0): void {
    if (value === undefined || value === null) return;
    if (typeof value !== "string") this.add(path, "STRING_TYPE_CONVERT", "Could not interpret value as string.");
    else if (value.length > max || value.length < min) this.add(path, "BASE_TYPE_BAD_LENGTH", `Must be between ${min} and ${max} in length.`);
  }

  maxItems(path: (string | number)[], value: unknown, max: number, min = 0): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) this.add(path, "LIST_TYPE_CONVERT", "Must be an array.");
    else if (value.length > max) this.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${max} or fewer in length.`);
    else if (value.length < min) this.add(path, "BASE_TYPE_MIN_LENGTH", `Must be ${min} or more in length.`);
  }

  /** Discord's nested error body: { embeds: { 0: { title: { _errors: [...] } } } }. */
  toBody(): Json {
    const errors: Json = {};
    for (const { path, code, message } of this.list) {
      let node = errors;
      for (const part of path) {
        node[String(part)] ??= {};
        node = node[String(part)] as Json;
      }
      node._errors ??= [];
      (node._errors as unknown[]).push({ code, message });
    }
    return { code: 50035, message: "Invalid Form Body", errors };
  }
}

const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

export function validateMessageBody(body: Json, problems = new Problems()): Problems {
  problems.maxLength(["content"], body.content, 2000);
  problems.maxItems(["embeds"], body.embeds, 10);
  let total = 0;
  asArray(body.embeds).forEach((embed, i) => {
    const at = (...rest: (string | number)[]) => ["embeds", i, ...rest];
    problems.maxLength(at("title"), embed.title, 256);
    problems.maxLength(at("description"), embed.description, 4096);
    problems.maxItems(at("fields"), embed.fields, 25);
    asArray(embed.fields).forEach((field, j) => {
      problems.maxLength(at("fields", j, "name"), field.name, 256, 1);
      problems.maxLength(at("fields", j, "value"), field.value, 1024, 1);
      total += String(field.name ?? "").length + String(field.value ?? "").length;
    });
    const footer = (embed.footer ?? {}) as Json;
    const author = (embed.author ?? {}) as Json;
    problems.maxLength(at("footer", "text"), footer.text, 2048);
    problems.maxLength(at("author", "name"), author.name, 256);
    problems.maxLength(at("url"), embed.url, 2048);
    total += [embed.title, embed.description, footer.text, author.name].reduce<number>((sum, v) => sum + String(v ?? "").length, 0);
  });
  if (total > 6000) problems.add(["embeds"], "MESSAGE_EMBEDS_TOO_LARGE", "Embed size exceeds maximum size of 6000");
  validateActionRows(body.components, ["components"], problems);
  const mentions = body.allowed_mentions as Json | undefined;
  if (mentions) {
    const parse = asArray(mentions.parse) as unknown as string[];
    for (const kind of parse) {
      if (!["users", "roles", "everyone"].includes(kind))
        problems.add(["allowed_mentions", "parse"], "ENUM_TYPE_COERCE", `Value "${kind}" is not a valid enum value.`);
    }
  }
  return problems;
}

function validateActionRows(components: unknown, base: (string | number)[], problems: Problems): void {
  problems.maxItems(base, components, 5);
  const ids = new Set<string>();
  asArray(components).forEach((row, i) => {
    if (row.type !== 1) {
      problems.add([...base, i, "type"], "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1,).');
      return;
    }
    const children = asArray(row.components);
    problems.maxItems([...base, i, "components"], row.components, 5, 1);
    const selects = children.filter((c) => c.type !== 2);
    if (selects.length > 0 && children.length > 1) {
      problems.add([...base, i, "components"], "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width");
    }
    children.forEach((child, j) => {
      const at = [...base, i, "components", j];
      const customId = child.custom_id;
      if (child.style !== 5) {
        problems.maxLength([...at, "custom_id"], customId, 100, 1);
        if (typeof customId === "string") {
          if (ids.has(customId)) problems.add([...at, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
          ids.add(customId);
        }
      }
      if (child.type === 2) {
        problems.maxLength([...at, "label"], child.label, 80);
        if (![1, 2, 3, 4, 5].includes(Number(child.style))) problems.add([...at, "style"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5}.");
      } else if (child.type === 3) {
        validateSelect(child, at, problems);
      } else {
        problems.add([...at, "type"], "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (2, 3).');
      }
    });
  });
}

function validateSelect(select: Json, at: (string | number)[], problems: Problems): void {
  problems.maxItems([...at, "options"], select.options, 25, 1);
  problems.maxLength([...at, "placeholder"], select.placeholder, 150);
  asArray(select.options).forEach((option, k) => {
    problems.maxLength([...at, "options", k, "label"], option.label, 100, 1);
    problems.maxLength([...at, "options", k, "value"], option.value, 100, 1);
  });
}

export function validateModal(body: Json, problems = new Problems()): Problems {
  problems.maxLength(["title"], body.title, 45, 1);
  problems.maxLength(["custom_id"], body.custom_id, 100, 1);
  problems.maxItems(["components"], body.components, 5, 1);
  asArray(body.components).forEach((component, i) => {
    const at: (string | number)[] = ["components", i];
    if (component.type === 18) {
      problems.maxLength([...at, "label"], component.label, 45, 1);
      problems.maxLength([...at, "description"], component.description, 100);
      const inner = (component.component ?? {}) as Json;
      validateModalInput(inner, [...at, "component"], problems, false);
    } else if (component.type === 1) {
      const inputs = asArray(component.components);
      problems.maxItems([...at, "components"], component.components, 1, 1);
      inputs.forEach((input, j) => {
        validateModalInput(input, [...at, "components", j], problems, true);
      });
    } else {
      problems.add([...at, "type"], "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1, 18).');
    }
  });
  return problems;
}

function validateModalInput(input: Json, at: (string | number)[], problems: Problems, needsLabel: boolean): void {
  problems.maxLength([...at, "custom_id"], input.custom_id, 100, 1);
  if (input.type === 4) {
    if (needsLabel) problems.maxLength([...at, "label"], input.label ?? "", 45, 1);
    if (![1, 2].includes(Number(input.style))) problems.add([...at, "style"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2}.");
    problems.maxLength([...at, "value"], input.value, 4000);
    problems.maxLength([...at, "placeholder"], input.placeholder, 100);
    for (const key of ["min_length", "max_length"]) {
      const value = input[key];
      if (value !== undefined && (typeof value !== "number" || value < 0 || value > 4000))
        problems.add([...at, key], "NUMBER_TYPE_MAX", "Must be between 0 and 4000.");
    }
  } else if (input.type === 3 && !needsLabel) {
    validateSelect(input, at, problems);
  } else {
    problems.add([...at, "type"], "UNION_TYPE_CHOICES", "Component type is not allowed in a modal here.");
  }
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

/** Discord's whole-command character budget: names, descriptions and values at every depth. */
const COMMAND_CHARACTERS = 8000;

export function validateCommands(commands: unknown, problems = new Problems()): Problems {
  problems.maxItems([], commands, 100);
  const names = new Set<string>();
  asArray(commands).forEach((command, i) => {
    if (names.has(String(command.name))) problems.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique");
    names.add(String(command.name));
    validateCommandNode(command, [i], problems, 0);
    if (characters(command) > COMMAND_CHARACTERS) problems.add([i], "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)");
  });
  return problems;
}

function characters(node: Json): number {
  const own = [node.name, node.description, node.value].reduce<number>((sum, v) => sum + (v === undefined || v === null ? 0 : String(v).length), 0);
  return [...asArray(node.options), ...asArray(node.choices)].reduce((sum, child) => sum + characters(child), own);
}

function validateCommandNode(node: Json, at: (string | number)[], problems: Problems, depth: number): void {
  const name = node.name;
  if (typeof name !== "string" || !COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    problems.add([...at, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
  }
  problems.maxLength([...at, "description"], node.description, 100, depth === 0 && node.type === 2 ? 0 : 1);
  problems.maxItems([...at, "options"], node.options, 25);
  const options = asArray(node.options);
  const names = new Set<string>();
  let seenOptional = false;
  options.forEach((option, j) => {
    const where = [...at, "options", j];
    if (names.has(String(option.name))) problems.add([...where, "name"], "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option name already exists");
    names.add(String(option.name));
    const type = Number(option.type);
    if (type === 1 || type === 2) {
      if (depth >= (type === 2 ? 1 : 2)) problems.add([...where, "type"], "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command nesting is too deep");
      if (type === 2 && asArray(option.options).some((o) => o.type !== 1)) {
        problems.add([...where, "options"], "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "A group may hold only sub-commands");
      }
      validateCommandNode(option, where, problems, depth + 1);
      return;
    }
    if (options.some((o) => o.type === 1 || o.type === 2)) {
      problems.add(
        [...where, "type"],
        "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
        "Sub-command and sub-command group option types are mutually exclusive to all other types",
      );
    }
    validateCommandNode({ ...option, options: undefined }, where, problems, depth + 1);
    if (option.required === true && seenOptional)
      problems.add([...where, "required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options");
    if (option.required !== true) seenOptional = true;
    problems.maxItems([...where, "choices"], option.choices, 25);
    asArray(option.choices).forEach((choice, k) => {
      problems.maxLength([...where, "choices", k, "name"], choice.name, 100, 1);
      if (typeof choice.value === "string") problems.maxLength([...where, "choices", k, "value"], choice.value, 100, 1);
    });
    if (option.autocomplete === true && option.choices !== undefined)
      problems.add([...where, "autocomplete"], "AUTOCOMPLETE_AND_CHOICES", "Autocomplete cannot be set with choices");
    if (option.autocomplete === true && ![3, 4, 10].includes(type))
      problems.add(
        [...where, "autocomplete"],
        "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_INVALID",
        "Autocomplete is only for string, integer and number options",
      );
    for (const key of ["min_length", "max_length"]) {
      const value = option[key];
      if (value !== undefined && (type !== 3 || typeof value !== "number" || value < (key === "min_length" ? 0 : 1) || value > 6000))
        problems.add([...where, key], "NUMBER_TYPE_MAX", "Must be between 0 and 6000, on string options.");
    }
  });
}

export function validateAutocompleteChoices(body: Json, problems = new Problems()): Problems {
  problems.maxItems(["choices"], body.choices, 25);
  asArray(body.choices).forEach((choice, i) => {
    problems.maxLength(["choices", i, "name"], choice.name, 100, 1);
    problems.maxLength(["choices", i, "value"], choice.value, 100, 1);
  });
  return problems;
}
