-- Channels subscribed before tracks existed continue where they were: their track starts at the
-- lesson they were last posted, so the next post is the first lesson after it not yet posted
-- there, and lessons the course gained earlier in the track are not sent back in time.
UPDATE "lesson_subscriptions" AS s
SET "start_lesson_id" = (
  SELECT p."lesson_id" FROM "lesson_posts" AS p
  WHERE p."workspace_id" = s."workspace_id" AND p."channel" = s."channel"
  ORDER BY p."local_date" DESC
  LIMIT 1
)
WHERE s."start_lesson_id" IS NULL;
