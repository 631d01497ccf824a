// Reference renderer for the chat-template golden tests: renders conversations with
// @huggingface/jinja (the Jinja implementation transformers.js uses) so that the Java renderer
// in com.jsmai.node.chat can be compared byte for byte.
//
//   node render-chat.mjs --model-dir DIR conversation.json [more.json ...]
//
// DIR holds tokenizer_config.json (chat_template string or list of named templates, special
// tokens) and optionally chat_template.jinja, which then takes precedence. Each conversation is
// an OpenAI-style request: {"messages": [...], "tools": [...], "add_generation_prompt": true,
// "chat_template_kwargs": {...}}. Prints one JSON array: [{"file", "text"} | {"file", "error"}].
//
// The message normalisation below mirrors ChatTemplate.normalizeMessages (vLLM's rules): null
// content -> "", text parts joined with "\n", string tool-call arguments parsed into objects.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { Template } from "@huggingface/jinja";

const SPECIAL_TOKEN_ATTRIBUTES = [
  "bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token",
];

function loadModel(dir) {
  const configPath = join(dir, "tokenizer_config.json");
  const config = existsSync(configPath) ? JSON.parse(readFileSync(configPath, "utf8")) : {};
  const special = {};
  for (const attr of SPECIAL_TOKEN_ATTRIBUTES) {
    const v = config[attr];
    if (v === null || v === undefined) continue;
    const content = typeof v === "string" ? v : v.content;
    if (typeof content === "string" && content !== "") special[attr] = content;
  }
  const templates = new Map();
  const jinjaPath = join(dir, "chat_template.jinja");
  if (existsSync(jinjaPath)) {
    templates.set("default", readFileSync(jinjaPath, "utf8"));
  } else if (typeof config.chat_template === "string") {
    templates.set("default", config.chat_template);
  } else if (Array.isArray(config.chat_template)) {
    for (const { name, template } of config.chat_template) templates.set(name, template);
  } else {
    throw new Error(`no chat template in ${dir}`);
  }
  return { templates, special };
}

function normalizeMessages(messages) {
  return messages.map((m, i) => {
    const out = structuredClone(m);
    if (out.content === null || out.content === undefined) {
      out.content = "";
    } else if (Array.isArray(out.content)) {
      out.content = out.content
        .map((p, j) => {
          if (p.type !== "text" || typeof p.text !== "string") {
            throw new Error(`messages[${i}].content[${j}] must be a text part`);
          }
          return p.text;
        })
        .join("\n");
    }
    if (Array.isArray(out.tool_calls)) {
      out.tool_calls.forEach((tc, j) => {
        const fn = tc.function;
        if (fn === null || typeof fn !== "object" || Array.isArray(fn)) return;
        const args = fn.arguments;
        if (args === null || args === undefined || args === "") {
          fn.arguments = {};
        } else if (typeof args === "string") {
          try {
            fn.arguments = JSON.parse(args);
          } catch (e) {
            throw new Error(`messages[${i}].tool_calls[${j}].function.arguments is not valid JSON`);
          }
        }
      });
    }
    return out;
  });
}

function render(model, request) {
  const tools = request.tools ?? null;
  let source;
  if (model.templates.size === 1 && model.templates.has("default")) {
    source = model.templates.get("default");
  } else if (tools !== null && model.templates.has("tool_use")) {
    source = model.templates.get("tool_use");
  } else if (model.templates.has("default")) {
    source = model.templates.get("default");
  } else {
    throw new Error("no default template");
  }
  const context = {
    messages: normalizeMessages(request.messages),
    add_generation_prompt: request.add_generation_prompt ?? true,
    tools,
    documents: null,
    ...model.special,
    ...(request.chat_template_kwargs ?? {}),
  };
  return new Template(source).render(context);
}

const args = process.argv.slice(2);
const dirIndex = args.indexOf("--model-dir");
if (dirIndex < 0 || dirIndex + 1 >= args.length) {
  process.stderr.write("usage: node render-chat.mjs --model-dir DIR conversation.json...\n");
  process.exit(2);
}
const model = loadModel(args[dirIndex + 1]);
const files = args.filter((_, i) => i !== dirIndex && i !== dirIndex + 1);
const results = files.map((file) => {
  try {
    const request = JSON.parse(readFileSync(file, "utf8"));
    return { file, text: render(model, request) };
  } catch (e) {
    return { file, error: String(e && e.message ? e.message : e) };
  }
});
process.stdout.write(JSON.stringify(results));
