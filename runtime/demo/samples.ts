/** Generated lab-submission documents: `Key: value` lines, as a LIMS export would write them. */

const ASSAYS = ["PCR", "ELISA", "HPLC", "Sequencing", "Mass spectrometry"];
const MATRICES = ["plasma", "serum", "urine", "saliva", "tissue"];
const SUBMITTERS = ["Dr. Okafor", "Dr. Lindqvist", "Dr. Tanaka", "Dr. Moreau", "Dr. Haddad"];
const NOTES = [
  "Viral load follow-up after treatment change",
  "Antibody titre for vaccine response study",
  "Metabolite screen, patient on new medication",
  "Whole-genome run for outbreak investigation",
  "Protein identification for biomarker panel",
];

export interface SampleDocument {
  name: string;
  body: string;
}

/** `count` well-formed submissions plus two bad ones (no sample id, empty) the pipeline must reject. */
export function sampleDocuments(count: number): SampleDocument[] {
  const documents: SampleDocument[] = [];
  for (let i = 0; i < count; i++) {
    // Different strides, so assays and matrices combine in varied ways.
    const pick = <T>(list: readonly T[], stride: number): T => list[(i * stride) % list.length]!;
    const body = [
      `Sample: S-${String(1000 + i)}`,
      `Submitter: ${pick(SUBMITTERS, 2)}`,
      `Assay: ${pick(ASSAYS, 7)}`,
      `Matrix: ${pick(MATRICES, 3)}`,
      `Priority: ${i % 4 === 0 ? "urgent" : "routine"}`,
      `Notes: ${pick(NOTES, 7)}`,
    ].join("\n");
    documents.push({ name: `submission-${String(i + 1).padStart(2, "0")}.txt`, body: `${body}\n` });
  }
  documents.push({ name: "submission-no-id.txt", body: "Submitter: Dr. Unknown\nAssay: PCR\n" });
  documents.push({ name: "submission-empty.txt", body: "" });
  return documents;
}
