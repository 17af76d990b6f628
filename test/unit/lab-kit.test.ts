import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { NEEDS, type Need } from "../../src/lessons/labs/lab-schema.js";

/**
 * The lab kit cannot be started here (no Docker engine), so this checks what can be checked
 * without one: the compose file parses, every service has an image or a build, and every need a
 * lab may declare is provided by a service or by a package in the toolbox image.
 */
const compose = parse(readFileSync("curriculum/labs/docker-compose.yml", "utf8")) as {
  services: Record<string, { image?: string; build?: { dockerfile: string }; environment?: Record<string, string> }>;
};
const toolbox = readFileSync("curriculum/labs/Dockerfile", "utf8");

/** Where the kit provides each need: a compose service, or a word in the toolbox's Dockerfile. */
const PROVIDED_BY: Record<Exclude<Need, "docker">, { service?: string; toolbox?: string }> = {
  postgres: { service: "postgres", toolbox: "postgresql-client" },
  redis: { toolbox: "redis-server" },
  mongodb: { service: "mongodb", toolbox: "mongosh" },
  jaeger: { service: "jaeger" },
  node: { toolbox: "FROM node:24" },
  python: { toolbox: "python3" },
  ruby: { toolbox: "ruby" },
  curl: { toolbox: "curl" },
  jq: { toolbox: "jq" },
  openssl: { toolbox: "openssl" },
  git: { toolbox: "git" },
  wrk: { toolbox: "wrk" },
  ab: { toolbox: "apache2-utils" },
  k6: { toolbox: "grafana/k6" },
  haproxy: { toolbox: "haproxy" },
  nginx: { toolbox: "nginx-light" },
  sqlite3: { toolbox: "sqlite3" },
  go: { toolbox: "golang-go" },
  vmstat: { toolbox: "procps" },
  promtool: { toolbox: "prometheus" },
};

describe("the lab kit", () => {
  it("gives every service an image or a build, PostgreSQL 18 and the Jaeger v2 image among them", () => {
    for (const [name, service] of Object.entries(compose.services)) expect(service.image ?? service.build, name).toBeTruthy();
    expect(compose.services.postgres?.image).toBe("postgres:18");
    expect(compose.services.jaeger?.image).toMatch(/^jaegertracing\/jaeger:/);
    expect(compose.services.labs?.build?.dockerfile).toBe("Dockerfile");
  });

  it("provides every need a lab may declare except docker itself", () => {
    for (const need of NEEDS.filter((n): n is Exclude<Need, "docker"> => n !== "docker")) {
      const where = PROVIDED_BY[need];
      if (where.service) expect(compose.services[where.service], need).toBeDefined();
      if (where.toolbox) expect(toolbox, need).toContain(where.toolbox);
    }
  });

  it("points the runner in the toolbox at the kit's services", () => {
    expect(compose.services.labs?.environment).toMatchObject({
      LABS_DATABASE_ADMIN_URL: "postgres://postgres@postgres:5432/postgres",
      LABS_MONGODB_URL: "mongodb://mongodb:27017/?replicaSet=rs0",
      LABS_JAEGER_URL: "http://jaeger:16686",
    });
  });
});
