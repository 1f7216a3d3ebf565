// What the API costs the simulated router, as the router would see it: logins, sentences and bytes each way, and
// the most commands one session had open at once (received, its `!done` not yet written). Counted where bytes
// enter and leave the socket (before TLS), so the monitor's figures and the benchmark's agree with the client's
// own meter. A handful of additions per sentence: cheap enough for a fleet of simulated routers.

export type ApiCost = {
  /** Successful logins (a session that logged in twice counts twice). */
  logins: number;
  sentencesReceived: number;
  bytesReceived: number;
  sentencesSent: number;
  bytesSent: number;
  /** The most commands any one session had open at once. */
  peakInFlight: number;
};

export type ConnectionCost = {
  received: (bytes: number) => void;
  sentence: (words: readonly string[]) => void;
  sent: (words: readonly string[], bytes: number) => void;
  login: () => void;
};

export type ApiCostMeter = {
  connection: () => ConnectionCost;
  snapshot: () => ApiCost;
  reset: () => void;
};

const zero = (): ApiCost => ({ logins: 0, sentencesReceived: 0, bytesReceived: 0, sentencesSent: 0, bytesSent: 0, peakInFlight: 0 });

export function createApiCostMeter(): ApiCostMeter {
  let cost = zero();
  return {
    connection: () => {
      // Every command sentence, /login and /cancel included, is answered by exactly one `!done` (or the session ends).
      let open = 0;
      return {
        received: (bytes) => {
          cost.bytesReceived += bytes;
        },
        sentence: () => {
          cost.sentencesReceived += 1;
          open += 1;
          cost.peakInFlight = Math.max(cost.peakInFlight, open);
        },
        sent: (words, bytes) => {
          cost.sentencesSent += 1;
          cost.bytesSent += bytes;
          if (words[0] === "!done") open = Math.max(0, open - 1);
        },
        login: () => {
          cost.logins += 1;
        },
      };
    },
    snapshot: () => ({ ...cost }),
    reset: () => {
      cost = zero();
    },
  };
}
