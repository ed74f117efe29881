import { clinicalCatalogs } from '../../i18n/clinical-messages';
import { format } from 'date-fns';
import { contraindications, latestIntake, type Contraindication } from '../../../shared/contraindications';
import type { Intake } from '../../../shared/domain';
import { locale } from '../../state/locale';

function describe(flag: Contraindication): string {
  const m = clinicalCatalogs[locale.value].flag;
  switch (flag.kind) {
    case 'pregnancy':
      return m.pregnancy(flag.weeks);
    case 'allergy':
      return m.allergy[flag.allergen];
    default:
      return m[flag.kind];
  }
}

/** What to watch for with this client, from their latest intake; or that there is none on file. */
export function ContraindicationFlags({ intakes }: { intakes: Intake[] }) {
  const m = clinicalCatalogs[locale.value];
  const intake = latestIntake(intakes);
  if (!intake) {
    return (
      <p class="flags flags--missing" role="note">
        {m.noIntake}
      </p>
    );
  }
  // Allergies first: the one thing that must be known before the oil comes out.
  const flags = contraindications(intake).sort((a, b) => Number(b.kind === 'allergy') - Number(a.kind === 'allergy'));
  return (
    <section class={flags.length > 0 ? 'flags' : 'flags flags--clear'} aria-labelledby="flags-title">
      {flags.length > 0 && <h2 id="flags-title">{m.flagsTitle}</h2>}
      {flags.length > 0 && (
        <ul>
          {flags.map((flag, index) => (
            <li key={index}>{describe(flag)}</li>
          ))}
        </ul>
      )}
      <p class="muted" id={flags.length > 0 ? undefined : 'flags-title'}>
        {m.intakeOnFile(intake.version, format(new Date(intake.createdAt), 'yyyy-MM-dd'))}
      </p>
    </section>
  );
}
