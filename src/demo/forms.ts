/** The demo's evaluation forms: what each report says, from the provider's quality and a seeded random stream. */
import crypto from 'node:crypto';
import type { EvaluationDoc, EvaluationForm } from '../records';
import type { IsoDate } from '../domain/dates';

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** From 2026 the demo's providers report on form 1.1: a closing report then says whether more help is needed (BiJ 3.1). */
export function form11(
  id: string,
  submitted: IsoDate,
  closing: boolean,
  quality: number,
): Pick<EvaluationDoc, 'formVersion' | 'outcome'> {
  if (submitted < '2026-01-01') return { formVersion: '1.0' };
  if (!closing) return { formVersion: '1.1' };
  // spread by the allocation number (no draw from the seeded random stream, so the rest of the demo stays as it was)
  const r = parseInt(crypto.createHash('sha256').update(id).digest('hex').slice(0, 8), 16) / 0xffffffff;
  const continuation = r < 0.2 + 0.4 * quality ? '04' : r < 0.55 + 0.3 * quality ? '02' : r < 0.9 ? '03' : '01';
  return { formVersion: '1.1', outcome: { continuation } };
}

export function generateForm(
  rnd: () => number,
  q: number,
  category: string,
  closing: boolean,
): EvaluationForm & { isClosing: boolean } {
  const goalCount = 2 + Math.floor(rnd() * 3);
  const goals = Array.from({ length: goalCount }, (_, g): EvaluationForm['goals'][number] => {
    const x = rnd();
    const achieved = (closing ? 0.3 : 0.15) + 0.45 * q;
    const status =
      !closing && x > 0.92 ? 'new' : x < achieved ? 'achieved' : x < achieved + 0.3 ? 'partly' : 'not_achieved';
    return {
      description: ['Vast dagritme', 'Schoolgang', 'Omgaan met boosheid', 'Contact met vrienden', 'Zelfstandig wonen'][
        g % 5
      ]!,
      status,
    };
  });
  const score = () => clamp(Math.round(4.5 + 4 * q + (rnd() + rnd() - 1) * 3), 1, 10);
  const concerns = rnd() < 0.015 + (1 - q) * 0.03;
  const residenceDraw = rnd();
  const residence =
    residenceDraw < 0.005 + (1 - q) * 0.03
      ? 'unknown'
      : category === '43'
        ? residenceDraw < 0.15
          ? 'secure'
          : 'residential'
        : category === '44'
          ? 'foster_family'
          : 'home';
  return {
    participants: {
      youth: rnd() < 0.55 + 0.4 * q,
      parents: rnd() < 0.6 + 0.35 * q,
      network: rnd() < 0.3,
      otherProfessionals: rnd() < 0.4,
    },
    goals,
    safety: { concerns, veiligThuisReport: concerns && rnd() < 0.4, safetyPlan: concerns },
    residence: { type: residence },
    caseDirection: {
      holder:
        rnd() < 0.02 + (1 - q) * 0.08
          ? 'none'
          : ['parents', 'parents', 'provider', 'municipal_team'][Math.floor(rnd() * 4)]!,
    },
    satisfaction: { youth: rnd() < 0.25 ? null : score(), parents: rnd() < 0.15 ? null : score() },
    advice: closing
      ? { recommendation: 'close', reasoning: 'Traject afgerond.' }
      : { recommendation: 'continue', reasoning: 'Voortzetten volgens plan.' },
    author: { name: 'J. de Boer', register: 'SKJ', registrationNumber: '100012345' },
    isClosing: closing,
  };
}
