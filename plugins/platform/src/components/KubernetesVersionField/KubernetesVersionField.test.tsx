import { useState } from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  KubernetesVersionField,
  kubernetesVersionOptions,
} from './KubernetesVersionField';
import { kubernetesVersionValidation } from './validation';

function Harness(props: { initial?: string; onValue: (v?: string) => void }) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  return (
    <KubernetesVersionField
      {...({} as any)}
      formData={value}
      onChange={(v: string | undefined) => {
        setValue(v);
        props.onValue(v);
      }}
      required
      rawErrors={[]}
      idSchema={{ $id: 'root_eksVersion' } as any}
      schema={{ title: 'Kubernetes version' }}
      uiSchema={{}}
    />
  );
}

describe('KubernetesVersionField', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2026-12-06T09:00:00Z'),
      doNotFake: [
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'setImmediate',
        'queueMicrotask',
        'nextTick',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());

  it('offers the versions in EKS standard support on the day, newest first', () => {
    // 1.36 is in standard support, but the cluster platform does not run on it yet.
    expect(kubernetesVersionOptions(new Date('2026-12-06T09:00:00Z'))).toEqual([
      { value: '1.35', label: '1.35 (standard support until 2027-03-27)' },
    ]);
    expect(kubernetesVersionOptions(new Date('2026-12-01T09:00:00Z'))).toEqual([
      { value: '1.35', label: '1.35 (standard support until 2027-03-27)' },
      { value: '1.34', label: '1.34 (standard support until 2026-12-02)' },
    ]);
  });

  it('preselects the newest allowed version and lists only the allowed ones', async () => {
    const values: (string | undefined)[] = [];
    await renderInTestApp(<Harness onValue={v => values.push(v)} />);
    expect(values).toEqual(['1.35']);
    fireEvent.mouseDown(screen.getByRole('button', { name: /1\.35/ }));
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      '1.35 (standard support until 2027-03-27)',
    ]);
    expect(
      screen.getByText(/Versions in EKS standard support today/),
    ).toBeInTheDocument();
  });

  it('keeps a version already chosen', async () => {
    const values: (string | undefined)[] = [];
    await renderInTestApp(
      <Harness initial="1.35" onValue={v => values.push(v)} />,
    );
    expect(values).toEqual([]);
  });

  it('stops the form on a version the policy refuses, saying why', () => {
    const errors: string[] = [];
    const validation = { addError: (e: string) => errors.push(e) } as any;
    kubernetesVersionValidation('1.33', validation, {} as any);
    kubernetesVersionValidation('1.35', validation, {} as any);
    expect(errors).toEqual([
      'Kubernetes 1.33 left EKS standard support on 2026-07-29 (extended support costs extra and ends 2027-07-29); choose 1.35 (in EKS standard support on 2026-12-06)',
    ]);
  });
});
