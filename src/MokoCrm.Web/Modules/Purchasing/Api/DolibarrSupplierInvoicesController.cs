using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Modules.Purchasing.Features;
using MokoCrm.Web.Modules.Purchasing.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Api;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Purchasing.Api;

/// <summary>A supplier invoice as Dolibarr's API shows it (htdocs/fourn/class/api_supplier_invoices.class.php, FactureFournisseur).</summary>
public sealed record DolSupplierInvoice(
    long Id, string Ref, string RefSupplier, long Socid, int Type, int Statut, int Status, int Paye, int Paid, long Date, long? DateEcheance,
    long DateCreation, long? DateValidation, string TotalHt, string TotalTva, string TotalTtc, string Totalpaid, string Remaintopay,
    long? FkFactureSource, long? CondReglementId, long? ModeReglementId, string? NotePublic, string? NotePrivate, long? FkUserAuthor,
    long? FkUserValid, string Entity, IReadOnlyList<DolLine> Lines);

/// <summary>One payment of a supplier invoice as Dolibarr's getListOfPayments answers it.</summary>
public sealed record DolSupplierInvoicePayment(string Amount, string? Type, string Date, string? Num, string Ref, long Id);

public sealed class DolSupplierInvoiceInput
{
    public long? Socid { get; set; }

    public string? RefSupplier { get; set; }

    public long? Date { get; set; }

    public long? DateEcheance { get; set; }

    /// <summary>0 standard; a credit note is made from its invoice.</summary>
    public int? Type { get; set; }

    public string? NotePublic { get; set; }

    public string? NotePrivate { get; set; }

    public long? FkProject { get; set; }

    public int? Entity { get; set; }

    public JsonElement? ArrayOptions { get; set; }

    public List<DolLineInput>? Lines { get; set; }
}

/// <summary>POST {id}/payments: Dolibarr's names, old (paiementid, num_paiement) and new (payment_mode_id, num_payment).</summary>
public sealed class DolSupplierPaymentInput
{
    public JsonElement? Datepaye { get; set; }

    public long? PaymentModeId { get; set; }

    public long? Paiementid { get; set; }

    public string? Closepaidinvoices { get; set; }

    public long? Accountid { get; set; }

    public string? NumPayment { get; set; }

    public string? NumPaiement { get; set; }

    public string? Comment { get; set; }

    public string? Chqemetteur { get; set; }

    public string? Chqbank { get; set; }

    /// <summary>Left out: what is left to pay.</summary>
    public decimal? Amount { get; set; }
}

public sealed class DolSupplierSetPaidInput
{
    public string? CloseCode { get; set; }

    public string? CloseNote { get; set; }
}

/// <summary>/api/index.php/supplierinvoices: the supplier invoice screens' handlers and rights, in Dolibarr's shapes.</summary>
[Route(Root + "/supplierinvoices")]
[DolibarrModulePart(Public.PurchasingRecordTypes.SupplierInvoice, "supplier_invoice", "facture_fournisseur")]
public sealed class DolibarrSupplierInvoicesController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    SupplierInvoiceAdministration administration,
    SupplierPaymentAdministration payments,
    INoteService notes,
    IValidator<SupplierInvoiceForm> validator,
    IValidator<SupplierPaymentForm> paymentValidator,
    IValidator<LineForm> lineValidator) : DolibarrApiController
{
    internal static readonly ApiFields<SupplierInvoice> Fields = new ApiFields<SupplierInvoice>()
        .Add("t.rowid", i => i.Id)
        .Add("t.ref", i => i.Number)
        .Add("t.ref_supplier", i => i.SupplierInvoiceNumber)
        .Add("t.fk_soc", i => i.SupplierId)
        .Add("t.fk_statut", i => i.Status, StatusOf)
        .Add("t.paye", i => i.Status == SupplierInvoiceStatus.Paid ? 1 : 0)
        .Add("t.datef", i => i.Date)
        .Add("t.date_lim_reglement", i => i.DueDate)
        .Add("t.datec", i => i.CreatedAt)
        .Add("t.total_ht", i => i.TotalExclTax)
        .Add("t.total_ttc", i => i.TotalInclTax);

    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(SupplierInvoiceForm.SupplierId)] = "socid", [nameof(SupplierInvoiceForm.SupplierInvoiceNumber)] = "ref_supplier",
        [nameof(SupplierInvoiceForm.Date)] = "date", [nameof(SupplierInvoiceForm.DueDate)] = "date_echeance",
    };

    private static readonly Dictionary<string, string> PaymentNames = new()
    {
        [nameof(SupplierPaymentForm.Date)] = "datepaye", [nameof(SupplierPaymentForm.BankAccountId)] = "accountid",
        [nameof(SupplierPaymentForm.PaymentMethodId)] = "payment_mode_id", [nameof(SupplierPaymentForm.Reference)] = "num_payment",
    };

    /// <summary>status: draft | unpaid | paid | cancelled, as Dolibarr's.</summary>
    [HttpGet("")]
    [HasPermission(PurchasingPermissions.Invoices.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, string? thirdparty_ids, string? status)
    {
        var rows = DolibarrListRequest.OfThirdParties(await VisibleAsync(), thirdparty_ids, i => i.SupplierId);

        rows = status switch
        {
            null or "" => rows,
            "draft" => rows.Where(i => i.Status == SupplierInvoiceStatus.Draft),
            "unpaid" => rows.Where(i => i.Status == SupplierInvoiceStatus.Validated),
            "paid" => rows.Where(i => i.Status == SupplierInvoiceStatus.Paid),
            "cancelled" => rows.Where(i => i.Status == SupplierInvoiceStatus.Abandoned),
            _ => throw ApiException.BadRequest("status is draft, unpaid, paid or cancelled."),
        };
        return await ListAsync(list, rows, Fields, i => Show(i, RecordNotes.None), "supplier invoice", q => q.Include(i => i.Lines).AsSplitQuery());
    }

    [HttpGet("{id:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Read)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    [HttpGet("{id:long}/lines")]
    [HasPermission(PurchasingPermissions.Invoices.Read)]
    public async Task<IActionResult> Lines(long id) => Answer((await FindAsync(id)).OrderedLines.Select(DolLines.Line).ToList());

    /// <summary>Dolibarr answers the new id. socid and ref_supplier (the supplier's own number) are mandatory.</summary>
    [HttpPost("")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<DolSupplierInvoiceInput>();
        if (input.Socid is null)
        {
            throw ApiException.BadRequest("socid field missing");
        }

        if (input.FkProject is > 0)
        {
            throw ApiException.BadRequest("fk_project: projects are not available yet; leave it out.");
        }

        if (input.Type is { } type && type != 0)
        {
            throw ApiException.BadRequest("type: only standard invoices (0) are created here; a credit note is made from its invoice.");
        }

        var form = new SupplierInvoiceForm
        {
            SupplierId = input.Socid, SupplierInvoiceNumber = input.RefSupplier, Date = input.Date is { } d ? DolLines.Day(d) : DateOnly.FromDateTime(DateTime.UtcNow),
            DueDate = input.DateEcheance is { } e ? DolLines.Day(e) : null,
        };
        await validator.CheckAsync(form, Names, Aborted);
        var lines = new List<LineForm>();
        foreach (var line in input.Lines ?? [])
        {
            lines.Add(await DolLines.LineFormAsync(line, lineValidator, null, Aborted));
        }

        var id = await InTransactionAsync(async () =>
        {
            var id = await administration.CreateAsync(form, Aborted);
            var record = new RecordRef(PurchasingRecordTypes.SupplierInvoice, id);
            if (!string.IsNullOrWhiteSpace(input.NotePublic))
            {
                await notes.SetAsync(record, NoteKind.Public, input.NotePublic, Aborted);
            }

            if (!string.IsNullOrWhiteSpace(input.NotePrivate))
            {
                await notes.SetAsync(record, NoteKind.Private, input.NotePrivate, Aborted);
            }

            await db.SaveChangesAsync(Aborted);
            foreach (var line in lines)
            {
                await administration.AddLineAsync(id, line, Aborted);
            }

            return id;
        });
        return Answer(id);
    }

    /// <summary>POST {id}/lines: one line, as Dolibarr's postLine; answers the line's id.</summary>
    [HttpPost("{id:long}/lines")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> AddLine(long id)
    {
        var form = await DolLines.LineFormAsync(await BodyAsync<DolLineInput>(), lineValidator, null, Aborted);
        await FindAsync(id);
        return Answer(await administration.AddLineAsync(id, form, Aborted));
    }

    [HttpPut("{id:long}/lines/{lineId:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> ChangeLine(long id, long lineId)
    {
        var line = (await FindAsync(id)).Lines.SingleOrDefault(l => l.Id == lineId) ?? throw ApiException.NotFound("Supplier invoice line not found");
        var form = await DolLines.LineFormAsync(await BodyAsync<DolLineInput>(), lineValidator, DolLines.FormOf(line), Aborted);
        await administration.ChangeLineAsync(id, lineId, form, Aborted);
        return await AnswerAsync(id);
    }

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> DeleteLine(long id, long lineId)
    {
        var document = await FindAsync(id);
        if (!document.Lines.Any(l => l.Id == lineId))
        {
            throw ApiException.NotFound("Supplier invoice line not found");
        }

        await DolLines.RemoveLineAsync(document.Status == SupplierInvoiceStatus.Draft, () => administration.RemoveLineAsync(id, lineId, Aborted));

        // Dolibarr's supplier invoices answer a success message here (api_supplier_invoices.class.php deleteLine), not the invoice.
        return Answer(new { Success = new { Code = 200, Message = $"line {lineId} deleted" } });
    }

    /// <summary>POST {id}/validate {idwarehouse, notrigger}: Dolibarr answers a success message with the new reference.</summary>
    [HttpPost("{id:long}/validate")]
    [HasPermission(PurchasingPermissions.Invoices.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        await BodyAsync<DolValidateInput>(optional: true);
        await FindAsync(id);
        var result = await administration.ValidateAsync(id, Aborted);
        return Answer(new { Success = new { Code = 200, Message = $"Invoice validated (Ref={result.Number})" } });
    }

    /// <summary>As for customer invoices: one already paid answers as it is; any other is refused with what is left to pay.</summary>
    [HttpPost("{id:long}/settopaid")]
    [HasPermission(PurchasingPermissions.Payments.Write)]
    public async Task<IActionResult> SetToPaid(long id)
    {
        await BodyAsync<DolSupplierSetPaidInput>(optional: true);
        var invoice = await FindAsync(id);
        if (invoice.Status == SupplierInvoiceStatus.Paid)
        {
            return await AnswerAsync(id);
        }

        throw ApiException.BadRequest($"{invoice.Reference} has {Dol.Num(invoice.TotalInclTax - invoice.AmountSettled)} left to pay: " +
            "record the payment (POST supplierinvoices/{id}/payments); an invoice becomes paid when its payments settle it.");
    }

    [HttpGet("{id:long}/payments")]
    [HasPermission(PurchasingPermissions.Invoices.Read)]
    public async Task<IActionResult> Payments(long id)
    {
        await FindAsync(id);
        var rows = await db.Set<SupplierPaymentShare>().AsNoTracking().Where(s => s.InvoiceId == id)
            .Join(db.Set<SupplierPayment>(), s => s.PaymentId, p => p.Id, (s, p) => new { s.Amount, p.Id, p.Number, p.Date, p.PaymentReference, p.PaymentMethodId })
            .GroupJoin(db.Set<PaymentMethod>(), x => x.PaymentMethodId, m => m.Id, (x, m) => new { x, m })
            .SelectMany(g => g.m.DefaultIfEmpty(), (g, m) => new { g.x, Code = m == null ? null : m.Code })
            .OrderBy(r => r.x.Date).ThenBy(r => r.x.Id).ToListAsync(Aborted);
        return Answer(rows.Select(r => new DolSupplierInvoicePayment(Dol.Num(r.x.Amount), r.Code is null ? null : DolibarrSetupController.DolibarrCode(r.Code),
            r.x.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00", r.x.PaymentReference, r.x.Number, r.x.Id)).ToList());
    }

    /// <summary>POST {id}/payments: pays what is left (or <c>amount</c>) from <c>accountid</c>; answers the payment's id, as Dolibarr.</summary>
    [HttpPost("{id:long}/payments")]
    [HasPermission(PurchasingPermissions.Payments.Write)]
    [Idempotent]
    public async Task<IActionResult> AddPayment(long id)
    {
        var input = await BodyAsync<DolSupplierPaymentInput>();
        var invoice = await FindAsync(id);
        if (input.Closepaidinvoices is not (null or "yes" or "no"))
        {
            throw ApiException.BadRequest("closepaidinvoices is yes or no.");
        }

        if ((input.PaymentModeId ?? input.Paiementid) is not { } method || method < 1)
        {
            throw ApiException.BadRequest("Payment ID or Payment Code is mandatory");
        }

        if (input.Accountid is null or < 1)
        {
            throw ApiException.BadRequest("Account ID is mandatory");
        }

        var form = new SupplierPaymentForm
        {
            SupplierId = invoice.SupplierId, Date = DolLines.DayOf(input.Datepaye, "datepaye"), BankAccountId = input.Accountid, PaymentMethodId = method,
            Reference = input.NumPayment ?? input.NumPaiement,
            Shares = [new SupplierPaymentShareForm { InvoiceId = id, Amount = input.Amount ?? invoice.TotalInclTax - invoice.AmountSettled }],
        };
        await paymentValidator.CheckAsync(form, PaymentNames, Aborted);
        return Answer(await payments.PayAsync(form, Aborted));
    }

    [HttpDelete("{id:long}")]
    [HasPermission(PurchasingPermissions.Invoices.Write)]
    public async Task<IActionResult> Delete(long id)
    {
        await FindAsync(id);
        await administration.DeleteAsync(id, Aborted);
        return Answer(new { Success = new { Code = 200, Message = "Supplier invoice deleted" } });
    }

    public static int Status(SupplierInvoiceStatus status) => status switch
    {
        SupplierInvoiceStatus.Draft => 0,
        SupplierInvoiceStatus.Validated => 1,
        SupplierInvoiceStatus.Paid => 2,
        _ => 3,
    };

    private static object StatusOf(string code) => code switch
    {
        "0" => SupplierInvoiceStatus.Draft,
        "1" => SupplierInvoiceStatus.Validated,
        "2" => SupplierInvoiceStatus.Paid,
        "3" => SupplierInvoiceStatus.Abandoned,
        _ => throw new FormatException(),
    };

    private async Task<IQueryable<SupplierInvoice>> VisibleAsync() =>
        db.Set<SupplierInvoice>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), i => i.SupplierId);

    private async Task<SupplierInvoice> FindAsync(long id) =>
        await (await VisibleAsync()).Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, Aborted) ?? throw ApiException.NotFound("Supplier invoice not found");

    private async Task<IActionResult> AnswerAsync(long id)
    {
        var (invoice, recordNotes) = await (await VisibleAsync()).Include(i => i.Lines).SingleWithNotesAsync(db, PurchasingRecordTypes.SupplierInvoice, id, Aborted)
            ?? throw ApiException.NotFound("Supplier invoice not found");
        return Answer(Show(invoice, recordNotes));
    }

    private static DolSupplierInvoice Show(SupplierInvoice i, RecordNotes notes)
    {
        var status = Status(i.Status);
        var paid = i.Status == SupplierInvoiceStatus.Paid ? 1 : 0;
        return new DolSupplierInvoice(
            i.Id, i.Reference, i.SupplierInvoiceNumber, i.SupplierId, i.Kind == SupplierInvoiceKind.CreditNote ? 2 : 0, status, status, paid, paid,
            ApiDates.Unix(i.Date), ApiDates.Unix(i.DueDate), i.CreatedAt.ToUnixTimeSeconds(), ApiDates.Unix(i.ValidatedAt),
            Dol.Num(i.TotalExclTax), Dol.Num(i.TotalVat), Dol.Num(i.TotalInclTax), Dol.Num(i.AmountSettled),
            Dol.Num(i.Status == SupplierInvoiceStatus.Validated ? i.TotalInclTax - i.AmountSettled : 0m), i.CreditedInvoiceId, i.PaymentTermId,
            i.PaymentMethodId, notes.Public, notes.Private, i.AuthorUserId, i.ValidatedByUserId, "1", i.OrderedLines.Select(DolLines.Line).ToList());
    }
}
