using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Sales.Queries;

/// <summary>The invoice tiles of /Sales: unpaid and late invoices (what is left to pay) and this month's invoiced amount.</summary>
internal sealed class InvoicesHomeSource(BillingQueries billing, CurrentUserPermissions rights, TimeProvider clock) : ISalesHomeSource
{
    public async Task<IReadOnlyList<SalesHomeTile>> TilesAsync(CancellationToken cancellationToken = default)
    {
        if (!await rights.HasAsync(SalesPermissions.Invoices.Read))
        {
            return [];
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var invoices = await billing.VisibleInvoicesAsync();
        var unpaid = await invoices.Where(i => i.Status == InvoiceStatus.Unpaid).GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Amount = g.Sum(i => i.TotalInclTax - i.AmountSettled) }).SingleOrDefaultAsync(cancellationToken);
        var late = await invoices.Where(i => i.Status == InvoiceStatus.Unpaid && i.DueDate < today).GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Amount = g.Sum(i => i.TotalInclTax - i.AmountSettled) }).SingleOrDefaultAsync(cancellationToken);
        var month = await invoices.Where(i => i.Status != InvoiceStatus.Draft && i.Date >= monthStart && i.Date <= today).GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Amount = g.Sum(i => i.TotalExclTax) }).SingleOrDefaultAsync(cancellationToken);
        return
        [
            new SalesHomeTile("invoices-unpaid", "Invoices unpaid", unpaid?.Count ?? 0, unpaid?.Amount ?? 0m, "/Sales/Invoices?status=Unpaid", 40),
            new SalesHomeTile("invoices-late", "Invoices late", late?.Count ?? 0, late?.Amount ?? 0m, "/Sales/Invoices?late=true", 50),
            new SalesHomeTile("invoiced-this-month", "Invoiced this month (excl. tax)", month?.Count ?? 0, month?.Amount ?? 0m,
                $"/Sales/Invoices?from={monthStart:yyyy-MM-dd}&to={today:yyyy-MM-dd}", 60),
        ];
    }
}
