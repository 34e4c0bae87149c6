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
  'pool-cidrs': [{ id: '10.0.0.0/9', title: 'main' }],
};

/** Answers like the server: the proposal follows the pool and size asked for. */
function nextFree(context: Record<string, string>) {
  const size = context.size ?? '20';
  if (context.pool === 'full') {
    throw new Error(
      `address pool 'full' (192.168.0.0/20) has no free /${size} left`,
    );
  }
  return [{ id: `10.2.0.0/${size}`, title: `next free /${size} in pool main` }];
}

function scaffolderApi(fail = false) {
  return {
    autocomplete: jest.fn(async ({ provider, resource, context }: any) => {
      if (fail) throw new Error('HTTP 503');
      expect(provider).toBe('platform');
      if (resource === 'next-free-cidr') return { results: nextFree(context) };
      return { results: registryAnswers[resource] };
    }),
  };
}

function Harness(props: {
  initial?: string;
  form?: Record<string, unknown>;
  onValue: (v?: string) => void;
}) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  return (
    <CidrPickerField
      {...({} as any)}
      formContext={{ formData: props.form ?? {} }}
      formData={value}
      onChange={(v: string | undefined) => {
        setValue(v);
        props.onValue(v);
      }}
      required
      rawErrors={[]}
      idSchema={{ $id: 'root_cidr' } as any}
      schema={{ title: 'VPC CIDR', description: 'A free block.' }}
      uiSchema={{}}
    />
  );
}

async function render(
  api = scaffolderApi(),
  initial?: string,
  form?: Record<string, unknown>,
) {
  const values: (string | undefined)[] = [];
  const element = (f?: Record<string, unknown>) => (
    <TestApiProvider apis={[[scaffolderApiRef, api as any]]}>
      <Harness initial={initial} form={f} onValue={v => values.push(v)} />
    </TestApiProvider>
  );
  const result = await renderInTestApp(element(form));
  return {
    values,
    input: () => screen.getByLabelText('VPC CIDR') as HTMLInputElement,
    rerender: (f: Record<string, unknown>) => result.rerender(element(f)),
  };
}

describe('CidrPickerField', () => {
  it('fills in the next free block of the registry and lists the blocks in use', async () => {
    const { values, input } = await render();
    await waitFor(() => expect(input().value).toBe('10.2.0.0/20'));
    expect(values).toEqual(['10.2.0.0/20']);
    expect(
      screen.getByText('The next free block in pool main. A free block.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'In use: hub shared 10.0.0.0/16, spoke dev 10.1.0.0/16, pod range of every spoke 100.64.0.0/16',
      ),
    ).toBeInTheDocument();
  });

  it('keeps what the person already entered', async () => {
    const { input } = await render(scaffolderApi(), '10.7.0.0/20');
    await screen.findByText(/^In use:/);
    expect(input().value).toBe('10.7.0.0/20');
    expect(
      screen.getByRole('button', { name: 'Use 10.2.0.0/20' }),
    ).toBeInTheDocument();
  });

  it('asks for the chosen pool and size and follows them when they change', async () => {
    const api = scaffolderApi();
    const { input, rerender } = await render(api, undefined, {
      pool: 'main',
      size: 18,
      environmentClass: 'prod',
    });
    await waitFor(() => expect(input().value).toBe('10.2.0.0/18'));
    expect(api.autocomplete).toHaveBeenCalledWith(
      expect.objectContaining({
        resource: 'next-free-cidr',
        context: { pool: 'main', size: '18', environmentClass: 'prod' },
      }),
    );
    rerender({ pool: 'main', size: 16, environmentClass: 'prod' });
    await waitFor(() => expect(input().value).toBe('10.2.0.0/16'));
  });

  it('says why nothing is proposed when the pool is full', async () => {
    const { input } = await render(scaffolderApi(), undefined, {
      pool: 'full',
    });
    expect(
      await screen.findByText(
        "No block to propose: address pool 'full' (192.168.0.0/20) has no free /20 left",
      ),
    ).toBeInTheDocument();
    expect(input().value).toBe('');
  });

  it('says what a typed block overlaps, and goes back to the proposal on request', async () => {
    const { input } = await render(scaffolderApi(), undefined, { size: 20 });
    await waitFor(() => expect(input().value).toBe('10.2.0.0/20'));

    fireEvent.change(input(), { target: { value: '10.1.0.0/16' } });
    expect(
      await screen.findByText('/16 is not the chosen size /20'),
    ).toBeInTheDocument();
    expect(input()).toHaveAttribute('aria-invalid', 'true');

    fireEvent.change(input(), { target: { value: '10.1.0.0/20' } });
    expect(
      await screen.findByText('Overlaps spoke dev (10.1.0.0/16)'),
    ).toBeInTheDocument();

    fireEvent.change(input(), { target: { value: '172.16.0.0/20' } });
    expect(
      await screen.findByText('Outside pool main (10.0.0.0/9)'),
    ).toBeInTheDocument();

    fireEvent.change(input(), { target: { value: '10.4.0.0/24' } });
    expect(
      await screen.findByText(
        '/24 is too small for the subnet plan; a spoke VPC is a /16 to /20',
      ),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Use 10.2.0.0/20' }));
    await waitFor(() => expect(input().value).toBe('10.2.0.0/20'));
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
    fireEvent.change(input(), { target: { value: '10.9.0.0/20' } });
    expect(input().value).toBe('10.9.0.0/20');
  });
});

describe('cidrPickerValidation', () => {
  async function validate(
    value: string,
    api: unknown,
    formData: Record<string, any> = {},
  ) {
    const addError = jest.fn();
    await cidrPickerValidation(value, { addError } as any, {
      apiHolder: { get: () => api } as any,
      formData,
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

  it('stops a block of another size than the form chose, or outside its pool', async () => {
    await expect(
      validate('10.2.0.0/16', scaffolderApi(), { size: 20 }),
    ).resolves.toEqual(['/16 is not the chosen size /20']);
    await expect(
      validate('172.16.0.0/20', scaffolderApi(), { pool: 'main' }),
    ).resolves.toEqual(['Outside pool main (10.0.0.0/9)']);
  });

  it('leaves overlaps to the server when the registry cannot be read', async () => {
    await expect(validate('10.0.0.0/16', scaffolderApi(true))).resolves.toEqual(
      [],
    );
  });
});
