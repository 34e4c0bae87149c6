import { useState } from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { scaffolderApiRef } from '@backstage/plugin-scaffolder-react';
import { AddressPoolPickerField } from './AddressPoolPickerField';

function scaffolderApi(fail = false) {
  return {
    autocomplete: jest.fn(async ({ resource, context }: any) => {
      if (fail) throw new Error('HTTP 503');
      expect(resource).toBe('address-pools');
      const pools = [
        { id: 'main', title: 'main: 10.0.0.0/9 (97% free, 3 spokes)' },
        { id: 'extra', title: 'extra: 172.16.0.0/12 (100% free, 0 spokes)' },
      ];
      return {
        results: context.environmentClass === 'prod' ? pools : pools.reverse(),
      };
    }),
  };
}

function Harness(props: {
  form: Record<string, unknown>;
  onValue: (v?: string) => void;
}) {
  const [value, setValue] = useState<string | undefined>();
  return (
    <AddressPoolPickerField
      {...({} as any)}
      formContext={{ formData: props.form }}
      formData={value}
      onChange={(v: string | undefined) => {
        setValue(v);
        props.onValue(v);
      }}
      rawErrors={[]}
      idSchema={{ $id: 'root_pool' } as any}
      schema={{ title: 'Address pool' }}
      uiSchema={{}}
    />
  );
}

describe('AddressPoolPickerField', () => {
  it("starts on the class's default pool and lets the person pick another", async () => {
    const values: (string | undefined)[] = [];
    const api = scaffolderApi();
    await renderInTestApp(
      <TestApiProvider apis={[[scaffolderApiRef, api as any]]}>
        <Harness
          form={{ environmentClass: 'prod' }}
          onValue={v => values.push(v)}
        />
      </TestApiProvider>,
    );
    await waitFor(() => expect(values).toEqual(['main']));
    expect(api.autocomplete).toHaveBeenCalledWith(
      expect.objectContaining({ context: { environmentClass: 'prod' } }),
    );
    fireEvent.mouseDown(
      await screen.findByText('main: 10.0.0.0/9 (97% free, 3 spokes)'),
    );
    fireEvent.click(
      within(screen.getByRole('listbox')).getByText(
        'extra: 172.16.0.0/12 (100% free, 0 spokes)',
      ),
    );
    expect(values).toEqual(['main', 'extra']);
  });

  it('says the server uses the default pool when the pools cannot be read', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[scaffolderApiRef, scaffolderApi(true) as any]]}>
        <Harness form={{}} onValue={() => {}} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        'Could not read the address pools (HTTP 503); the server uses the default pool.',
      ),
    ).toBeInTheDocument();
  });
});
