-- Hand-written backfill: pairing schedules named the week rounds count from by its ISO week
-- number alone (settings.pairing.anchorWeek), which breaks the cadence at a year end. Name the
-- Monday of that week instead (settings.pairing.anchorMonday): the latest week with that
-- number that is not in the future, the week the schedule was set in or a later one with the same phase.
UPDATE "workspaces" AS w
SET "settings" = jsonb_set(w."settings" #- '{pairing,anchorWeek}', '{pairing,anchorMonday}', to_jsonb(to_char(a.monday, 'YYYY-MM-DD')))
FROM (
  SELECT id, CASE WHEN this_year <= current_date THEN this_year ELSE last_year END AS monday
  FROM (
    SELECT id,
      to_date(extract(isoyear FROM current_date)::int || '-' || ("settings" #>> '{pairing,anchorWeek}'), 'IYYY-IW') AS this_year,
      to_date((extract(isoyear FROM current_date)::int - 1) || '-' || ("settings" #>> '{pairing,anchorWeek}'), 'IYYY-IW') AS last_year
    FROM "workspaces"
    WHERE jsonb_typeof("settings" #> '{pairing,anchorWeek}') = 'number'
  ) AS weeks
) AS a
WHERE w.id = a.id;
