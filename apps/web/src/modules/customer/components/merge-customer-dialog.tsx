import { useState } from 'react';
import type { CustomerDto } from '@rapport/contracts/people';
import { Alert } from '@rapport/ui/alert';
import { Button } from '@rapport/ui/button';
import { Dialog } from '@rapport/ui/dialog';
import { Field } from '@rapport/ui/field';
import { useAnnounce } from '@rapport/ui/live-region';
import { Spinner } from '@rapport/ui/spinner';
import { TextInput } from '@rapport/ui/text-input';
import { VisuallyHidden } from '@rapport/ui/visually-hidden';
import { describeError } from '../../../api/api-error.ts';
import { t } from '../../../i18n/i18n.ts';
import { useDebounced } from '../../../lib/use-debounced.ts';
import { useCustomerSearch, useMergeCustomer } from '../hooks/use-customer.ts';

function describeCustomer(customer: CustomerDto): string {
  const identities = customer.identities.map((identity) => identity.value).join(', ');
  return identities ? `${customer.name} (${identities})` : customer.name;
}

/** "Merge a duplicate…": find the duplicate customer, confirm, and fold it into this one. */
export function MergeCustomerButton({ customer }: { customer: CustomerDto }) {
  const [isOpen, setIsOpen] = useState(false);
  const [term, setTerm] = useState('');
  const [chosen, setChosen] = useState<CustomerDto | null>(null);
  const debounced = useDebounced(term.trim(), 250);
  const search = useCustomerSearch(debounced);
  const merge = useMergeCustomer(customer.id);
  const announce = useAnnounce();
  const candidates = (search.data ?? []).filter((candidate) => candidate.id !== customer.id);

  function open() {
    setTerm('');
    setChosen(null);
    merge.reset();
    setIsOpen(true);
  }

  function confirm() {
    if (!chosen) return;
    merge.mutate(
      { sourceId: chosen.id },
      {
        onSuccess: (survivor) => {
          setIsOpen(false);
          announce(t('customer.merge.done', { duplicate: chosen.name, name: survivor.name }));
        },
      },
    );
  }

  return (
    <>
      <Button size="sm" variant="secondary" aria-haspopup="dialog" onClick={open}>
        {t('customer.merge.button')}
      </Button>
      {isOpen && (
        <Dialog title={t('customer.merge.title', { name: customer.name })} onClose={() => setIsOpen(false)} closeLabel={t('common.close')}>
          <Field label={t('customer.merge.search')}>
            {(control) => <TextInput {...control} type="search" autoFocus value={term} onChange={(event) => setTerm(event.target.value)} />}
          </Field>
          {search.isFetching && <Spinner label={t('common.loading')} />}
          {search.isError && <Alert>{describeError(search.error)}</Alert>}
          {search.data && (
            <section aria-label={t('customer.merge.results')}>
              {candidates.length === 0 ? (
                <p>{t('customer.merge.noResults')}</p>
              ) : (
                <ul className="rp-dialog__choices">
                  {candidates.map((candidate) => (
                    <li key={candidate.id}>
                      <Button
                        variant="ghost"
                        size="sm"
                        aria-pressed={chosen?.id === candidate.id}
                        onClick={() => setChosen(candidate)}
                      >
                        <VisuallyHidden>{t('customer.merge.choose')} </VisuallyHidden>
                        {describeCustomer(candidate)}
                      </Button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
          {chosen && (
            <p role="note" className="customer-panel__merge-warning">
              {t('customer.merge.warning', { duplicate: chosen.name, name: customer.name })}
            </p>
          )}
          {merge.isError && <Alert>{describeError(merge.error)}</Alert>}
          <div className="rp-dialog__actions">
            <Button variant="ghost" onClick={() => setIsOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" disabled={!chosen || merge.isPending} onClick={confirm}>
              {merge.isPending ? t('common.saving') : t('customer.merge.confirm')}
            </Button>
          </div>
        </Dialog>
      )}
    </>
  );
}
