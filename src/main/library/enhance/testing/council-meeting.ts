/**
 * A deterministic two-hour city council meeting for tests: about 200 transcript cues, an agenda
 * of ten items (some worded differently from what was said, one never taken up) and when each
 * item's discussion began.
 */
import type { TranscriptCue } from '../../../../shared/library';
import { seededRandom } from '../../../captions/testing/meeting.generator';

export const MEETING_DURATION_SEC = 7200;

interface Section {
  /** The agenda item as printed. */
  agenda: string;
  /** When discussion began, or null for an item never taken up. */
  startSec: number | null;
  /** What the chair said to open it. */
  opening: string;
  /** Sentences of the discussion. */
  talk: string[];
}

const FILLER = [
  'Thank you very much.',
  'Can everyone hear me in the back?',
  'I think that is a fair point and I appreciate it.',
  'Could staff follow up on that by email?',
  'Let me just add one thing to that.',
  'Okay, I see a hand over there.',
  'We will make sure that gets into the record.',
  'I do not have anything further.',
  'Sorry, my microphone was off.',
  'That is all I have for now, thank you.',
];

export const COUNCIL_SECTIONS: readonly Section[] = [
  {
    agenda: '1. CALL TO ORDER',
    startSec: 35,
    opening:
      'Good evening, I am calling this regular meeting of the Birchwood City Council to order.',
    talk: [
      'We have a full evening tonight, including the budget hearing later on.',
      'Welcome to everyone joining us here in the chambers and at home.',
    ],
  },
  {
    agenda: '2. Pledge of Allegiance',
    startSec: 110,
    opening: 'Please rise and join me in the pledge of allegiance.',
    talk: ['I pledge allegiance to the flag of the United States of America.'],
  },
  {
    agenda: '3. Roll Call',
    startSec: 185,
    opening: 'Will the clerk please call the roll.',
    talk: [
      'Councilmember Muñoz. Present. Councilmember Nguyen. Here.',
      'Councilmember Peña. Present. Mayor García. Present. We have a quorum.',
    ],
  },
  {
    agenda: '4. Approval of Minutes – December 17, 2024 Regular Meeting',
    startSec: 330,
    opening:
      'Next are the minutes from our last meeting in December. Is there a motion to approve?',
    talk: [
      'So moved. Second. Any corrections to the minutes? Seeing none.',
      'All in favor? Opposed? The minutes are approved unanimously.',
    ],
  },
  {
    agenda: '5. Public Comment (non-agenda items, 3 minutes per speaker)',
    startSec: 520,
    opening:
      'We now open public comment. Please state your name for the record, you have three minutes.',
    talk: [
      'My name is Zoë Lindqvist and I live on Maple Avenue, I am here about speeding on our street.',
      'The crosswalk near the school is dangerous in the morning, children cross there every day.',
      'Hi, José Okafor, I want to thank the parks crew for clearing the trails after the storm.',
      'I am worried about the water rates going up again this spring.',
      'Seeing no one else at the podium, I will close public comment.',
    ],
  },
  {
    agenda: 'IV. PUBLIC HEARING: Fiscal Year 2025 Budget Amendment (Resolution 25-03)',
    startSec: 1560,
    opening: 'I am now opening the public hearing on the fiscal year 2025 budget amendment.',
    talk: [
      'The amendment moves three hundred thousand dollars of reserves into road repair.',
      'Revenue from the sales tax came in above projections for the fiscal year.',
      'Does anyone wish to speak on the budget amendment? Please come forward.',
      'I support the amendment but I want the reserves rebuilt next year.',
      'The finance director says the reserve policy is still met after the transfer.',
      'Hearing no further testimony, I will close the hearing. Motion to adopt the resolution?',
      'The resolution amending the budget passes four to one.',
    ],
  },
  {
    agenda: 'A. Presentation: Birchwood Library Renovation Project Update',
    startSec: 3060,
    opening: 'Director Okafor is here to walk us through where the library renovation stands.',
    talk: [
      'The renovation of the children’s wing is about sixty percent complete.',
      'The contractor expects the new reading room to open in the spring.',
      'We are still within the library construction budget approved last year.',
      'The elevator replacement slipped two weeks because of a parts shortage.',
      'Library hours will be reduced while the main entrance is closed.',
    ],
  },
  {
    agenda: 'B. Ordinance 2025-01 – Rezoning of parcel at 400 Elm Street (second reading)',
    startSec: 4260,
    opening: 'We move to the second reading of the ordinance rezoning the Elm Street parcel.',
    talk: [
      'The planning commission recommended approval of the rezoning six to zero.',
      'The parcel on Elm Street would go from light industrial to mixed residential.',
      'Neighbors asked for a traffic study before any building permits are issued.',
      'Motion to adopt the ordinance on second reading. Second. The rezoning ordinance is adopted.',
    ],
  },
  {
    agenda: 'C. Proclamation Honoring Arbor Day Volunteers',
    startSec: null,
    opening: '',
    talk: [],
  },
  {
    agenda: '5) Council Reports',
    startSec: 5760,
    opening: 'Let us hear reports from councilmembers, starting on my left.',
    talk: [
      'I attended the regional transit board and the report is on the website.',
      'The senior center holiday lunch served over two hundred residents.',
      'I met with the downtown business association about parking downtown.',
    ],
  },
  {
    agenda: '6. ADJOURNMENT',
    startSec: 7090,
    opening: 'With no further business, this meeting is adjourned at 9:02.',
    talk: [],
  },
];

export const COUNCIL_AGENDA = [
  'CITY OF BIRCHWOOD',
  'REGULAR MEETING AGENDA',
  'Tuesday, January 7, 2025 – 7:00 PM',
  'Council Chambers, 100 Main Street',
  '',
  ...COUNCIL_SECTIONS.map((s) => s.agenda),
  '',
  'Page 1 of 1',
].join('\n');

/** About 200 cues: each section opens with the chair's words, then talk mixed with filler. */
export function councilTranscript(seed = 7): TranscriptCue[] {
  const random = seededRandom(seed);
  const timed = COUNCIL_SECTIONS.filter(
    (s): s is Section & { startSec: number } => s.startSec !== null,
  );
  const cues: TranscriptCue[] = [
    { startSec: 2, endSec: 6, text: 'Test, test. Is this on? Give us one more minute.' },
  ];
  timed.forEach((section, i) => {
    const end = timed[i + 1]?.startSec ?? MEETING_DURATION_SEC - 5;
    let t = section.startSec;
    let talk = 0;
    let first = true;
    while (t < end - 4) {
      let text: string;
      if (first) text = section.opening;
      else if (talk < section.talk.length && random() < 0.55) text = section.talk[talk++] ?? '';
      else text = FILLER[Math.floor(random() * FILLER.length)] ?? 'Thank you.';
      first = false;
      const length = 4 + random() * 4;
      cues.push({ startSec: t, endSec: Math.round((t + length) * 100) / 100, text });
      t = Math.round((t + 25 + random() * 20) * 100) / 100;
    }
  });
  return cues;
}
