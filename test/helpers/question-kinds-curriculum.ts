import { lessonFile, makeCurriculum } from "./curriculum-files.js";

/** A lesson whose quiz holds one question of every kind, a family and a case chain. */
export const KINDS_QUIZ = `questions:
  - id: k-single
    lesson: kinds
    skill: backend-tech
    difficulty: 1
    prompt: "Which HTTP status says the client must slow down?"
    options:
      - text: "429 Too Many Requests"
        correct: true
      - text: "503 Service Unavailable"
      - text: "400 Bad Request"
    explanation: "429 is the status for rate limiting; 503 says the server is down, 400 that the request is malformed."
  - id: k-numeric
    lesson: kinds
    skill: backend-tech
    difficulty: 2
    kind: numeric
    prompt: "A service handles 200 requests per second and each spends 0.25 s in it. How many requests are inside it on average?"
    answer: 50
    tolerance: 1
    unit: requests
    explanation: "Little's law: L = λW = 200 × 0.25 = 50 requests in the system on average."
  - id: k-order
    lesson: kinds
    skill: backend-tech
    difficulty: 2
    kind: order
    prompt: "Put the steps of a TCP connection setup and first request in order."
    items:
      - "Client sends SYN"
      - "Server answers SYN-ACK"
      - "Client sends ACK"
      - "Client sends the HTTP request"
    explanation: "The three-way handshake (SYN, SYN-ACK, ACK) comes first; only then can the request travel."
  - id: k-bug
    lesson: kinds
    skill: backend-tech
    difficulty: 2
    kind: bug
    language: python
    prompt: "This function should return the mean of a list. Which line holds the bug?"
    code: |
      def mean(values):
          total = 0
          for v in values:
              total += v
          return total / (len(values) - 1)
    line: 5
    explanation: "The mean divides by the count, len(values), not by len(values) - 1."
  - id: k-family-a
    lesson: kinds
    skill: backend-tech
    difficulty: 1
    prompt: "A cache entry has a TTL of 60 s. What bounds how stale a read can be?"
    options:
      - text: "60 s, the TTL"
        correct: true
      - text: "Nothing: caches are never stale"
      - text: "The database's replication lag"
    explanation: "An entry lives at most its TTL, so a read is at most 60 s behind; the others do not bound it."
  - id: k-family-b
    lesson: kinds
    skill: backend-tech
    difficulty: 1
    prompt: "With a 5-minute TTL and no invalidation, how old can a cached value be when read?"
    options:
      - text: "Up to 5 minutes"
        correct: true
      - text: "Never older than a second"
      - text: "As old as the process"
    explanation: "Without invalidation the TTL is the only bound: up to 5 minutes; the others ignore expiry."
  - id: k-family-c
    lesson: kinds
    skill: backend-tech
    difficulty: 1
    prompt: "Which setting limits the staleness of an uninvalidated cache entry?"
    options:
      - text: "Its time to live"
        correct: true
      - text: "The cache's memory size"
      - text: "The number of replicas"
    explanation: "The TTL expires the entry; memory size and replicas do not bound its age."
  - id: k-chain-1
    lesson: kinds
    skill: backend-tech
    difficulty: 2
    prompt: "What do you check first?"
    options:
      - text: "What changed just before 14:02"
        correct: true
      - text: "The database's disk size"
      - text: "Last month's error rate"
    explanation: "A sudden step change usually follows a change; a deploy or config push is the first suspect."
  - id: k-chain-2
    lesson: kinds
    skill: backend-tech
    difficulty: 2
    prompt: "What is the fastest safe mitigation?"
    options:
      - text: "Roll back the 14:00 deploy"
        correct: true
      - text: "Add two more replicas"
      - text: "Restart the database"
    explanation: "Rolling back the change that caused the errors restores service; more replicas run the same bug."
  - id: k-chain-3
    lesson: kinds
    skill: backend-tech
    difficulty: 2
    prompt: "What goes in the postmortem's action items?"
    options:
      - text: "A test for the timeout and a canary"
        correct: true
      - text: "Blame the engineer who deployed"
      - text: "Nothing: it was rolled back"
    explanation: "Blameless action items fix the system: a test that catches the bug and a canary that limits the next one."
families:
  - id: cache-ttl-bound
    concept: "A TTL bounds staleness"
    members: [k-family-a, k-family-b, k-family-c]
chains:
  - id: checkout-errors
    title: "Checkout errors at 14:02"
    scenario: "At 14:02 the checkout error rate jumps from 0.1% to 12%. Nothing else alerts."
    steps:
      - question: k-chain-1
      - question: k-chain-2
        reveal: "A deploy went out at 14:00 that lowered the payment client's timeout from 2 s to 200 ms."
      - question: k-chain-3
        reveal: "The rollback at 14:09 brings errors back to 0.1%."
`;

export function kindsCurriculum(): string {
  const ids = ["k-single", "k-numeric", "k-order", "k-bug", "k-family-a", "k-family-b", "k-family-c", "k-chain-1", "k-chain-2", "k-chain-3"];
  return makeCurriculum({
    "t/kinds.md": lessonFile("kinds", 1, { questions: `[${ids.join(", ")}]` }),
    "t/kinds.quiz.yaml": KINDS_QUIZ,
    "t/second.md": lessonFile("second", 2),
    "t/third.md": lessonFile("third", 3),
  });
}
