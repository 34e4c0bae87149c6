import { useState } from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { CidrPickerField } from './CidrPickerField';
import { cidrPickerValidation } from './validation';

const registryAnswers: Record<string, { id: string; title: string }[]> = {
  'vpc-cidrs': [
    { id: '10.0.0.0/16', title: 'hub shared' },
    { id: '10.1.0.0/16', title: 'spoke dev' },
    { id: '100.64.0.0/16', title: 'pod range of every spoke' },
  ],
  'next-free-cidr': [{ id: '10.2.0.0/16', title: 'next free /16' }],
};

function scaffolderApi(fail = false) {
  return {
    autocomplete: jest.fn(async ({ provider, resource }: any) => {
      if (fail) throw new Error('HTTP 503');
      expect(provider).toBe('platform');
      return { results: registryAnswers[resource] };
    }),
  };
}

function Harness(props: { initial?: string; onValue: (v?: string) => void }) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  return (
    <CidrPickerField
      {...({} as any)}
      formData={value}
      onChange={(v: string | undefined) => {
        setValue(v);
        props.onValue(v);
      }}
      required
      rawErrors={[]}
      idSchema={{ $id: 'root_cidr' } as any}
      schema={{ title: 'VPC CIDR', description: 'A free /16.' }}
      uiSchema={{}}
    />
  );
}

async function render(api = scaffolderApi(), initial?: string) {
  const values: (string | undefined)[] = [];
  await renderInTestApp(
    <TestApiProvider apis={[[scaffolderApiRef, api as any]]}>
      <Harness initial={initial} onValue={v => values.push(v)} />
    </TestApiProvider>,
  );
  return {
    values,
    input: () => screen.getByLabelText('VPC CIDR') as HTMLInputElement,
  };
}

describe('CidrPickerField', () => {
  it('fills in the next free block of the registry and lists the blocks in use', async () => {
    const { values, input } = await render();
    await waitFor(() => expect(input().value).toBe('10.2.0.0/16'));
    expect(values).toEqual(['10.2.0.0/16']);
    expect(
      screen.getByText('The next free block in the registry. A free /16.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'In use: hub shared 10.0.0.0/16, spoke dev 10.1.0.0/16, pod range of every spoke 100.64.0.0/16',
      ),
    ).toBeInTheDocument();
  });

  it('keeps what the person already entered', async () => {
    const { input } = await render(scaffolderApi(), '10.7.0.0/16');
    await screen.findByText(/^In use:/);
    expect(input().value).toBe('10.7.0.0/16');
    expect(
      screen.getByRole('button', { name: 'Use 10.2.0.0/16' }),
    ).toBeInTheDocument();
  });

  it('says what a typed block overlaps, and goes back to the proposal on request', async () => {
    const { input } = await render();
    await waitFor(() => expect(input().value).toBe('10.2.0.0/16'));

    fireEvent.change(input(), { target: { value: '10.1.0.0/16' } });
    expect(
      await screen.findByText('Overlaps spoke dev (10.1.0.0/16)'),
    ).toBeInTheDocument();
    expect(input()).toHaveAttribute('aria-invalid', 'true');

    fireEvent.change(input(), { target: { value: '10.4.0.0/24' } });
    expect(
      await screen.findByText(
        '/24 is too small for the subnet plan; it needs a /16',
      ),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Use 10.2.0.0/16' }));
    await waitFor(() => expect(input().value).toBe('10.2.0.0/16'));
    expect(input()).toHaveAttribute('aria-invalid', 'false');
  });

  it('still takes a block when the registry cannot be read, and says the server checks it', async () => {
    const { input } = await render(scaffolderApi(true));
    expect(
      await screen.findByText(
        'Could not read the ranges in use (HTTP 503); the server still checks the block.',
      ),
    ).toBeInTheDocument();
    expect(input().value).toBe('');
    fireEvent.change(input(), { target: { value: '10.9.0.0/16' } });
    expect(input().value).toBe('10.9.0.0/16');
  });
});

describe('cidrPickerValidation', () => {
  async function validate(value: string, api: unknown) {
    const addError = jest.fn();
    await cidrPickerValidation(value, { addError } as any, {
      apiHolder: { get: () => api } as any,
      formData: {},
      schema: {},
    });
    return addError.mock.calls.map(([m]) => m);
  }

  it('stops the form on a taken or malformed block', async () => {
    await expect(validate('10.0.0.0/16', scaffolderApi())).resolves.toEqual([
      'Overlaps hub shared (10.0.0.0/16)',
    ]);
    await expect(validate('10.2.0.0', scaffolderApi())).resolves.toEqual([
      "'10.2.0.0' is not an IPv4 CIDR block (a.b.c.d/n)",
    ]);
  });

  it('lets a free block through', async () => {
    await expect(validate('10.2.0.0/16', scaffolderApi())).resolves.toEqual([]);
  });

  it('leaves overlaps to the server when the registry cannot be read', async () => {
    await expect(validate('10.0.0.0/16', scaffolderApi(true))).resolves.toEqual(
      [],
    );
  });
});
