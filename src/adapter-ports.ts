import type { AdapterPorts, CatalogPort } from "./core/adapter-ports.js";
import type { Services } from "./services.js";
import { PostgresInstallationRecords } from "./workspaces/installations.js";
import { refusedSendNotices, workspaceClaims } from "./workspaces/ports.js";

/** The ports platform adapters are built with: the workspaces domain keeps claims, refused sends and installs; the curriculum fills the catalogs. */
export function adapterPorts(services: Services): AdapterPorts {
  const { workspaces } = services;
  return {
    logger: services.logger,
    commands: () => services.router.all(),
    claims: workspaceClaims(workspaces),
    catalogs: curriculumCatalogs(services),
    refusedSends: refusedSendNotices(workspaces),
    installations: new PostgresInstallationRecords(services.db, workspaces),
  };
}

/** Lessons, modules and skills from the lessons domain; scenarios from game days. Read at each call: a curriculum sync replaces them. */
function curriculumCatalogs({ lessons, gamedays }: Services): CatalogPort {
  return {
    entries(catalog) {
      switch (catalog) {
        case "modules":
          return lessons.catalog
            .modules(lessons.defaultTrack())
            .map((module) => ({ id: module.id, label: `${module.title} (${module.id})`, title: module.title }));
        case "skills":
          return lessons.skills.map((skill) => ({ id: skill.id, label: `Skill: ${skill.title} (${skill.id})`, title: skill.title }));
        case "scenarios":
          return gamedays.catalog.scenarios.map((scenario) => ({ id: scenario.id, label: `${scenario.title} (${scenario.id})`, title: scenario.title }));
        case "lessons":
          return lessons.catalog
            .tracks()
            .flatMap((track) => lessons.catalog.track(track))
            .map((lesson) => ({ id: lesson.id, label: `${lesson.title} (${lesson.id})`, title: lesson.title }));
      }
    },
  };
}
