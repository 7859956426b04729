import { DataSource } from 'typeorm';
import type { ActionKind, TargetKind } from './action.entity';

interface SeedAction {
  slug: string;
  kind: ActionKind;
  title: string;
  text: string;
  goal: number;
  subject?: string;
  bodyTemplate?: string;
  editable?: boolean;
  targetKinds?: TargetKind[];
}

interface SeedCampaign {
  slug: string;
  title: string;
  summary: string;
  body: string;
  goal: number;
  actions: SeedAction[];
}

/** The campaigns Rally starts with (facts from the product brief, copy in Rally's own words). */
export const SEED_CAMPAIGNS: SeedCampaign[] = [
  {
    slug: 'pass-the-enablers-act',
    title: 'Disrupt criminal networks: pass the ENABLERS Act',
    summary: 'Traffickers hide their money behind shell companies. Ask Congress to make the professionals who set those companies up check who their clients are.',
    body:
      'Criminal networks, traffickers among them, move and hide money through shell companies. The attorneys, accountants, ' +
      'company formation agents and other "gatekeepers" who create and run companies for clients are today exempt from ' +
      'checking that those clients operate within the law. The bipartisan ENABLERS Act would close that loophole. ' +
      'Write to your members of Congress and ask them to pass it.',
    goal: 25000,
    actions: [
      {
        slug: 'write-to-congress',
        kind: 'letter',
        title: 'Write to your members of Congress',
        text: 'Enter your ZIP code to see who represents you. Your letter goes to your two senators and your House member.',
        goal: 25000,
        subject: 'Please pass the ENABLERS Act',
        bodyTemplate:
          'Dear {{target.title}} {{target.name}},\n\n' +
          'I am writing as your constituent to ask you to support the bipartisan ENABLERS Act. Traffickers and other criminal ' +
          'networks hide behind shell companies, and the professionals who form and manage those companies for clients are ' +
          'not required to check that their clients operate within the law. The ENABLERS Act would close that loophole.\n\n' +
          '{{message}}\n\n' +
          'Please vote to pass the ENABLERS Act.\n\n' +
          'Sincerely,\n{{supporter.name}}\n{{supporter.city}}',
        editable: true,
        targetKinds: ['senate', 'house'],
      },
    ],
  },
  {
    slug: 'criminal-records-relief',
    title: 'Federal criminal-records relief for survivors',
    summary: 'Many survivors carry federal charges for acts they were forced into. Ask Congress to give them a way to clear their records.',
    body:
      'Trafficking means being forced, manipulated or tricked into acts a person would not otherwise do, such as selling sex ' +
      'or working on a farm without pay. Many survivors carry federal criminal charges that arose from their victimisation, ' +
      'and the federal system has no mechanism to clear them. Those records stand between survivors and jobs, housing and ' +
      'education. Ask your members of Congress for criminal-records relief legislation.',
    goal: 20000,
    actions: [
      {
        slug: 'ask-congress-for-relief',
        kind: 'letter',
        title: 'Ask Congress for records relief',
        text: 'Your letter goes to your two senators and your House member.',
        goal: 20000,
        subject: 'Federal criminal-records relief for trafficking survivors',
        bodyTemplate:
          'Dear {{target.title}} {{target.name}},\n\n' +
          'As your constituent I ask you to support legislation that gives survivors of human trafficking a way to clear federal ' +
          'criminal records that arose from their victimisation. Today the federal system has no such mechanism, and these records ' +
          'keep survivors from work, housing and education long after they have escaped.\n\n' +
          '{{message}}\n\n' +
          'Thank you for standing with survivors.\n\n' +
          'Sincerely,\n{{supporter.name}}\n{{supporter.city}}',
        editable: true,
        targetKinds: ['senate', 'house'],
      },
    ],
  },
  {
    slug: 'recognise-grooming',
    title: 'Raise awareness about trafficking and grooming',
    summary: 'Love and affection are often used as a weapon in grooming. Pledge to learn the signs and share what you learn.',
    body:
      'Grooming often starts with attention, gifts and affection, which a trafficker later uses to control a person. Learning ' +
      'what grooming looks like helps friends, parents and teachers notice it early. Pledge to learn the signs and to share ' +
      'survivor-informed graphics and videos with the people around you.',
    goal: 10000,
    actions: [
      {
        slug: 'pledge-to-learn-the-signs',
        kind: 'pledge',
        title: 'Pledge to learn the signs of grooming',
        text: 'I will learn what grooming looks like and share survivor-informed resources with the people around me.',
        goal: 10000,
      },
    ],
  },
  {
    slug: 'human-trafficking-101',
    title: 'Human Trafficking 101',
    summary: 'A free introductory course on what trafficking is, how it happens and how to help.',
    body:
      'Trafficking is inducing a person by force, fraud or coercion into labour or services, such as involuntary servitude, ' +
      'debt bondage or peonage, or into commercial sex; for a person under 18, force, fraud or coercion is not required. ' +
      'This free introductory course explains how trafficking happens and what you can do to help.',
    goal: 5000,
    actions: [
      {
        slug: 'pledge-to-take-the-course',
        kind: 'pledge',
        title: 'Pledge to take the course',
        text: 'I will take the free Human Trafficking 101 course.',
        goal: 5000,
      },
    ],
  },
];

/**
 * Inserts the seed campaigns and actions if their slugs are missing. Idempotent: a second run
 * changes nothing, and it never overwrites what staff have edited since.
 */
export async function seedCampaigns(ds: DataSource): Promise<void> {
  await ds.transaction(async (m) => {
    for (const [i, c] of SEED_CAMPAIGNS.entries()) {
      await m.query(
        `INSERT INTO campaigns (slug, title, summary, body, status, goal, position)
         VALUES ($1, $2, $3, $4, 'live', $5, $6) ON CONFLICT (slug) DO NOTHING`,
        [c.slug, c.title, c.summary, c.body, c.goal, i],
      );
      const [{ id }] = await m.query(`SELECT id FROM campaigns WHERE slug = $1`, [c.slug]);
      for (const [j, a] of c.actions.entries()) {
        await m.query(
          `INSERT INTO actions (campaign_id, kind, slug, title, text, goal, status, subject, body_template, editable, target_kinds, position)
           VALUES ($1, $2, $3, $4, $5, $6, 'live', $7, $8, $9, $10, $11) ON CONFLICT (campaign_id, slug) DO NOTHING`,
          [id, a.kind, a.slug, a.title, a.text, a.goal, a.subject ?? null, a.bodyTemplate ?? null, a.editable ?? false, a.targetKinds ?? [], j],
        );
      }
    }
  });
}
