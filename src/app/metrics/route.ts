// GET /metrics – where Prometheus looks by default: the same handler as /api/v1/metrics
export { GET } from "../api/v1/metrics/route";
