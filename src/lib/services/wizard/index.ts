export { proposeSetup, type SetupProposalView } from "./propose-setup";
