// The rule-set document's JSON Schema. The published copy is schemas/ruleset.schema.json; a
// test keeps the two identical (UPDATE_SCHEMA=1 rewrites the JSON file from this one).

const SCHEMA = {
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "https://moonrule.dev/schemas/ruleset.schema.json",
  "title": "moonrule rule set",
  "description": "Rules evaluated against records: each rule has a Lua condition (`when`) and either named output expressions or an action chunk.",
  "type": "object",
  "required": [
    "name",
    "rules"
  ],
  "additionalProperties": false,
  "properties": {
    "$schema": {
      "type": "string"
    },
    "name": {
      "type": "string",
      "minLength": 1,
      "description": "Name of the rule set."
    },
    "version": {
      "type": "string",
      "description": "Version of the rule set (free text, e.g. semver)."
    },
    "description": {
      "type": "string"
    },
    "facts": {
      "type": "object",
      "description": "JSON Schema every record must satisfy; records that do not are reported, not evaluated."
    },
    "helpers": {
      "type": "string",
      "description": "A Lua chunk of local functions (and constants) every rule may call."
    },
    "mode": {
      "enum": [
        "all",
        "first",
        "scored"
      ],
      "default": "all",
      "description": "all: evaluate every rule; first: stop at the first match (by priority); scored: every rule, and the total score of the matches."
    },
    "budget": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "perRule": {
          "$ref": "#/definitions/budget"
        },
        "perRecord": {
          "$ref": "#/definitions/budget"
        }
      }
    },
    "rules": {
      "type": "array",
      "items": {
        "$ref": "#/definitions/rule"
      }
    }
  },
  "definitions": {
    "budget": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "instructions": {
          "type": "integer",
          "minimum": 1
        },
        "memoryBytes": {
          "type": "integer",
          "minimum": 1024
        },
        "timeoutMs": {
          "type": "number",
          "exclusiveMinimum": 0
        }
      }
    },
    "rule": {
      "type": "object",
      "required": [
        "id",
        "when"
      ],
      "additionalProperties": false,
      "properties": {
        "id": {
          "type": "string",
          "pattern": "^[A-Za-z0-9_.:-]+$",
          "description": "Unique id of the rule."
        },
        "description": {
          "type": "string"
        },
        "priority": {
          "type": "number",
          "default": 0,
          "description": "Higher runs first (ties keep document order)."
        },
        "when": {
          "type": "string",
          "minLength": 1,
          "description": "A Lua expression: the rule matches when it is truthy."
        },
        "outputs": {
          "type": "object",
          "description": "Named Lua expressions evaluated when the rule matches.",
          "additionalProperties": {
            "type": "string",
            "minLength": 1
          }
        },
        "action": {
          "type": "string",
          "description": "A Lua chunk run when the rule matches; it may return a table of outputs."
        },
        "score": {
          "type": "number",
          "description": "Added to the record's score when the rule matches (mode \"scored\")."
        }
      },
      "not": {
        "required": [
          "outputs",
          "action"
        ]
      }
    }
  }
} as const;

export default SCHEMA;
