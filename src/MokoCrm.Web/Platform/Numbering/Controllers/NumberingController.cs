using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup;
using MokoCrm.Web.Platform.Web;

namespace MokoCrm.Web.Platform.Numbering.Controllers;

/// <summary>/Setup/Numbering: the reference-number masks per document type, with the next number each would give.</summary>
[Area("Setup")]
[Route("Setup/Numbering")]
public sealed class NumberingController(AppDbContext db, FiscalCalendar calendar, TimeProvider clock) : Controller
{
    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> Index() => View(await RowsAsync());

    [HttpPost("{documentType}")]
    [HasPermission(PlatformPermissions.NumberingWrite)]
    public async Task<IActionResult> Edit(string documentType, string? mask)
    {
        var row = await db.Set<NumberingMask>().SingleOrDefaultAsync(m => m.DocumentType == documentType);
        if (row is null)
        {
            return NotFound();
        }

        try
        {
            if (string.IsNullOrWhiteSpace(mask))
            {
                throw new DomainException("Enter a mask, e.g. IN{yymm}-{nnnn}.");
            }

            row.ChangeMask(mask.Trim());
            await db.SaveChangesAsync();
            this.Success($"Mask of {NumberingLabels.Of(documentType)} saved: the next number follows it.");
        }
        catch (DomainException ex)
        {
            this.Error(ex.Message);
        }

        return Redirect("/Setup/Numbering");
    }

    private async Task<IReadOnlyList<NumberingRow>> RowsAsync()
    {
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var fiscalYear = await calendar.FiscalYearOfAsync(today);
        var masks = await db.Set<NumberingMask>().AsNoTracking().OrderBy(m => m.DocumentType).ToListAsync();
        var counters = await db.Set<NumberingCounter>().AsNoTracking().Where(c => c.FiscalYear == fiscalYear)
            .ToDictionaryAsync(c => c.Prefix, c => c.Value);
        return masks.Select(m =>
        {
            var parsed = NumberMask.Parse(m.Mask);
            var last = counters.GetValueOrDefault(parsed.Prefix);
            return new NumberingRow(m.DocumentType, NumberingLabels.Of(m.DocumentType), m.Mask, last, parsed.Format(today, last + 1));
        }).OrderBy(r => r.Label, StringComparer.CurrentCulture).ToList();
    }
}

public sealed record NumberingRow(string DocumentType, string Label, string Mask, long LastTaken, string NextNumber);

/// <summary>What each numbered document type is called on screen.</summary>
public static class NumberingLabels
{
    public static string Of(string documentType) => documentType switch
    {
        NumberedDocumentTypes.Proposal => "Proposals",
        NumberedDocumentTypes.SalesOrder => "Sales orders",
        NumberedDocumentTypes.Shipment => "Shipments",
        NumberedDocumentTypes.Invoice => "Customer invoices",
        NumberedDocumentTypes.CreditNote => "Credit notes",
        NumberedDocumentTypes.DepositInvoice => "Deposit invoices",
        NumberedDocumentTypes.PurchaseOrder => "Purchase orders",
        NumberedDocumentTypes.Reception => "Receptions",
        NumberedDocumentTypes.SupplierInvoice => "Supplier invoices",
        NumberedDocumentTypes.SupplierCreditNote => "Supplier credit notes",
        NumberedDocumentTypes.Payment => "Customer payments",
        NumberedDocumentTypes.SupplierPayment => "Supplier payments",
        NumberedDocumentTypes.Project => "Projects",
        NumberedDocumentTypes.ProjectTask => "Project tasks",
        NumberedDocumentTypes.Contract => "Contracts",
        NumberedDocumentTypes.CustomerCode => "Customer codes",
        NumberedDocumentTypes.SupplierCode => "Supplier codes",
        NumberedDocumentTypes.ManufacturingOrder => "Manufacturing orders",
        NumberedDocumentTypes.ExpenseReport => "Expense reports",
        _ => documentType,
    };
}
