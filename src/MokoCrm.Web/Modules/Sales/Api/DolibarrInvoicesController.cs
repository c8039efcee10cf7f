using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Modules.Sales.Features;
using MokoCrm.Web.Modules.Sales.Public;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Links;
using MokoCrm.Web.Platform.Notes;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Api;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>A customer invoice as Dolibarr's API shows it (htdocs/compta/facture/class/api_invoices.class.php).</summary>
public sealed record DolInvoice(
    long Id, string Ref, string? RefClient, long Socid, int Type, int Statut, int Status, int Paye, long Date, long? DateLimReglement,
    long DateCreation, long? DateValidation, long? DateClosing, string TotalHt, string TotalTva, string TotalTtc, string Totalpaid,
    string Remaintopay, long? FkFactureSource, long? CondReglementId, long? ModeReglementId, string? NotePublic, string? NotePrivate,
    string? CloseCode, string? CloseNote, long? FkUserAuthor, long? UserAuthorId, long? UserValidationId, string Entity,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> LinkedObjectsIds, IReadOnlyList<DolLine> Lines);

/// <summary>One payment of an invoice as Dolibarr's getListOfPayments answers it.</summary>
public sealed record DolInvoicePayment(string Amount, string? Type, string Date, string? Num, string Ref, long Id);

public sealed class DolInvoiceInput
{
    public long? Socid { get; set; }

    public long? Date { get; set; }

    /// <summary>0 standard; credit notes and deposits are made from an invoice or an order here.</summary>
    public int? Type { get; set; }

    public string? RefClient { get; set; }

    public long? CondReglementId { get; set; }

    public long? ModeReglementId { get; set; }

    public string? NotePublic { get; set; }

    public string? NotePrivate { get; set; }

    public long? FkProject { get; set; }

    public int? Entity { get; set; }

    public JsonElement? ArrayOptions { get; set; }

    public List<DolLineInput>? Lines { get; set; }
}

/// <summary>POST {id}/payments: the remaining amount paid into <c>accountid</c> by payment type <c>paymentid</c>.</summary>
public sealed class DolPaymentInput
{
    public JsonElement? Datepaye { get; set; }

    public long? Paymentid { get; set; }

    public string? Closepaidinvoices { get; set; }

    public long? Accountid { get; set; }

    public string? NumPayment { get; set; }

    public string? Comment { get; set; }

    public string? Chqemetteur { get; set; }

    public string? Chqbank { get; set; }
}

/// <summary>POST invoices/paymentsdistributed, as Dolibarr's addPaymentDistributed takes it.</summary>
public sealed class DolDistributedPaymentInput
{
    public Dictionary<string, DolDistributedAmount>? Arrayofamounts { get; set; }

    public JsonElement? Datepaye { get; set; }

    public long? Paymentid { get; set; }

    public string? Closepaidinvoices { get; set; }

    public long? Accountid { get; set; }

    public string? NumPayment { get; set; }

    public string? Comment { get; set; }

    public string? Chqemetteur { get; set; }

    public string? Chqbank { get; set; }

    public string? RefExt { get; set; }

    public bool? Accepthigherpayment { get; set; }
}

/// <summary>One invoice's share: an amount ("12.50", or "remain" for what is left to pay).</summary>
public sealed class DolDistributedAmount
{
    public JsonElement? Amount { get; set; }

    public JsonElement? MulticurrencyAmount { get; set; }
}

/// <summary>POST {id}/settopaid: Dolibarr's close code and note (accepted; see SetToPaid).</summary>
public sealed class DolSetPaidInput
{
    public string? CloseCode { get; set; }

    public string? CloseNote { get; set; }
}

/// <summary>/api/index.php/invoices: the invoice screens' handlers and rights, in Dolibarr's shapes.</summary>
[Route(Root + "/invoices")]
[DolibarrModulePart(Public.BillingRecordTypes.Invoice, "facture", "invoice")]
public sealed class DolibarrInvoicesController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    InvoiceAdministration administration,
    PaymentAdministration payments,
    IValidator<InvoiceForm> validator,
    IValidator<PaymentForm> paymentValidator,
    IValidator<LineForm> lineValidator) : DolibarrApiController
{
    internal static readonly ApiFields<Invoice> Fields = new ApiFields<Invoice>()
        .Add("t.rowid", i => i.Id)
        .Add("t.ref", i => i.Number)
        .Add("t.fk_soc", i => i.ThirdPartyId)
        .Add("t.fk_statut", i => i.Status, StatusOf)
        .Add("t.paye", i => i.Status == InvoiceStatus.Paid ? 1 : 0)
        .Add("t.type", i => i.Kind, KindOf)
        .Add("t.datef", i => i.Date)
        .Add("t.date_lim_reglement", i => i.DueDate)
        .Add("t.datec", i => i.CreatedAt)
        .Add("t.total_ht", i => i.TotalExclTax)
        .Add("t.total_ttc", i => i.TotalInclTax);

    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(InvoiceForm.ThirdPartyId)] = "socid", [nameof(InvoiceForm.Date)] = "date", [nameof(InvoiceForm.PublicNote)] = "note_public",
        [nameof(InvoiceForm.PrivateNote)] = "note_private",
    };

    private static readonly Dictionary<string, string> PaymentNames = new()
    {
        [nameof(PaymentForm.Date)] = "datepaye", [nameof(PaymentForm.Amount)] = "amount", [nameof(PaymentForm.BankAccountId)] = "accountid",
        [nameof(PaymentForm.Reference)] = "num_payment", [nameof(PaymentForm.Note)] = "comment",
    };

    /// <summary>status: draft | unpaid | paid | cancelled, as Dolibarr's.</summary>
    [HttpGet("")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, string? thirdparty_ids, string? status)
    {
        var rows = DolibarrListRequest.OfThirdParties(await VisibleAsync(), thirdparty_ids, i => i.ThirdPartyId);

        rows = status switch
        {
            null or "" => rows,
            "draft" => rows.Where(i => i.Status == InvoiceStatus.Draft),
            "unpaid" => rows.Where(i => i.Status == InvoiceStatus.Unpaid),
            "paid" => rows.Where(i => i.Status == InvoiceStatus.Paid),
            "cancelled" => rows.Where(i => i.Status == InvoiceStatus.Abandoned),
            _ => throw ApiException.BadRequest("status is draft, unpaid, paid or cancelled."),
        };
        return await ListAsync(list, rows, Fields, i => Show(i, RecordNotes.None), "invoice", q => q.Include(i => i.Lines).AsSplitQuery());
    }

    [HttpGet("{id:long}")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    public Task<IActionResult> Get(long id) => AnswerAsync(id);

    [HttpGet("ref/{reference}")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    public async Task<IActionResult> GetByRef(string reference)
    {
        var id = await (await VisibleAsync()).Where(i => i.Number == reference).Select(i => (long?)i.Id).SingleOrDefaultAsync(Aborted)
            ?? throw ApiException.NotFound("Invoice not found");
        return await AnswerAsync(id);
    }

    [HttpGet("{id:long}/lines")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    public async Task<IActionResult> Lines(long id) => Answer((await FindAsync(id)).OrderedLines.Select(DolLines.Line).ToList());

    /// <summary>Dolibarr answers the new id. Only standard invoices (type 0) are made this way here.</summary>
    [HttpPost("")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<DolInvoiceInput>();
        if (input.FkProject is > 0)
        {
            throw ApiException.BadRequest("fk_project: projects are not available yet; leave it out.");
        }

        if (input.Type is { } type && type != 0)
        {
            throw ApiException.BadRequest("type: only standard invoices (0) are created here; a credit note is made from its invoice, a deposit from its order or proposal.");
        }

        var form = new InvoiceForm
        {
            ThirdPartyId = input.Socid, Date = input.Date is { } d ? DolLines.Day(d) : DateOnly.FromDateTime(DateTime.UtcNow),
            PaymentTermId = input.CondReglementId, PaymentMethodId = input.ModeReglementId, PublicNote = input.NotePublic, PrivateNote = input.NotePrivate,
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
            foreach (var line in lines)
            {
                await administration.AddLineAsync(id, line, Aborted);
            }

            return id;
        });
        return Answer(id);
    }

    /// <summary>POST /invoices/createfromorder/{orderid}: "Create invoice" on a validated order; answers the draft invoice.</summary>
    [HttpPost("createfromorder/{orderId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    [Idempotent]
    public async Task<IActionResult> CreateFromOrder(long orderId)
    {
        var id = await administration.CreateFromOrdersAsync(new InvoiceFromOrdersForm { OrderIds = [orderId] }, Aborted);
        return await AnswerAsync(id);
    }

    [HttpPost("{id:long}/line")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> AddLine(long id)
    {
        var form = await DolLines.LineFormAsync(await BodyAsync<DolLineInput>(), lineValidator, null, Aborted);
        return Answer(await administration.AddLineAsync(id, form, Aborted));
    }

    [HttpPost("{id:long}/lines")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> AddLines(long id)
    {
        var inputs = await BodyListAsync<DolLineInput>();
        if (inputs.Count is 0 or > 500)
        {
            throw ApiException.BadRequest("Send between 1 and 500 lines.");
        }

        var forms = new List<LineForm>();
        foreach (var input in inputs)
        {
            forms.Add(await DolLines.LineFormAsync(input, lineValidator, null, Aborted));
        }

        var ids = await InTransactionAsync(async () =>
        {
            var ids = new List<long>();
            foreach (var form in forms)
            {
                ids.Add(await administration.AddLineAsync(id, form, Aborted));
            }

            return ids;
        });
        return Answer(ids);
    }

    [HttpPut("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> ChangeLine(long id, long lineId)
    {
        var line = (await FindAsync(id)).Lines.SingleOrDefault(l => l.Id == lineId) ?? throw ApiException.NotFound("Invoice line not found");
        var form = await DolLines.LineFormAsync(await BodyAsync<DolLineInput>(), lineValidator, DolLines.FormOf(line), Aborted);
        await administration.ChangeLineAsync(id, lineId, form, Aborted);
        return await AnswerAsync(id);
    }

    [HttpDelete("{id:long}/lines/{lineId:long}")]
    [HasPermission(SalesPermissions.Invoices.Write)]
    public async Task<IActionResult> DeleteLine(long id, long lineId)
    {
        var document = await FindAsync(id);
        if (!document.Lines.Any(l => l.Id == lineId))
        {
            throw ApiException.NotFound("Invoice line not found");
        }

        await DolLines.RemoveLineAsync(document.Status == InvoiceStatus.Draft, () => administration.RemoveLineAsync(id, lineId, Aborted));
        return await AnswerAsync(id);
    }

    /// <summary>POST {id}/validate {idwarehouse, notrigger}: the number is given in the validation's transaction.</summary>
    [HttpPost("{id:long}/validate")]
    [HasPermission(SalesPermissions.Invoices.Validate)]
    public async Task<IActionResult> Validate(long id)
    {
        await BodyAsync<DolTriggerInput>(optional: true);
        await administration.ValidateAsync(id, Aborted);
        return await AnswerAsync(id);
    }

    /// <summary>
    /// Dolibarr's settopaid closes an invoice whatever is left. Here an invoice is paid when its payments settle it:
    /// one already paid answers as it is, any other is refused with the way to go (record the payment, or abandon it).
    /// </summary>
    [HttpPost("{id:long}/settopaid")]
    [HasPermission(SalesPermissions.Invoices.Close)]
    public async Task<IActionResult> SetToPaid(long id)
    {
        await BodyAsync<DolSetPaidInput>(optional: true);
        var invoice = await FindAsync(id);
        if (invoice.Status == InvoiceStatus.Paid)
        {
            return await AnswerAsync(id);
        }

        throw ApiException.BadRequest($"{invoice.Reference} is {Invoice.Label(invoice.Status).ToLowerInvariant()} with {Dol.Num(invoice.TotalInclTax - invoice.AmountSettled)} left to pay: " +
            "record the payment (POST invoices/{id}/payments); an invoice becomes paid when its payments settle it.");
    }

    [HttpGet("{id:long}/payments")]
    [HasPermission(SalesPermissions.Invoices.Read)]
    public async Task<IActionResult> Payments(long id)
    {
        await FindAsync(id);
        var rows = await db.Set<CustomerPaymentShare>().AsNoTracking().Where(s => s.InvoiceId == id)
            .Join(db.Set<CustomerPayment>(), s => s.PaymentId, p => p.Id, (s, p) => new { s.Amount, p.Id, p.Number, p.Date, p.Reference, p.PaymentMethodId })
            .GroupJoin(db.Set<PaymentMethod>(), x => x.PaymentMethodId, m => m.Id, (x, m) => new { x, m })
            .SelectMany(g => g.m.DefaultIfEmpty(), (g, m) => new { g.x, Code = m == null ? null : m.Code })
            .OrderBy(r => r.x.Date).ThenBy(r => r.x.Id).ToListAsync(Aborted);
        return Answer(rows.Select(r => new DolInvoicePayment(Dol.Num(r.x.Amount), r.Code is null ? null : DolibarrSetupController.DolibarrCode(r.Code),
            r.x.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 00:00:00", r.x.Reference, r.x.Number, r.x.Id)).ToList());
    }

    /// <summary>POST {id}/payments: pays what is left to pay; answers the payment's id, as Dolibarr.</summary>
    [HttpPost("{id:long}/payments")]
    [HasPermission(SalesPermissions.Payments.Write)]
    [Idempotent]
    public async Task<IActionResult> AddPayment(long id)
    {
        var input = await BodyAsync<DolPaymentInput>();
        var invoice = await (await VisibleAsync()).Where(i => i.Id == id).Select(i => new InvoicePaymentBasis(i.ThirdPartyId, i.TotalInclTax, i.AmountSettled))
            .SingleOrDefaultAsync(Aborted) ?? throw ApiException.NotFound("Invoice not found");
        if (input.Closepaidinvoices is not (null or "yes" or "no"))
        {
            throw ApiException.BadRequest("closepaidinvoices is yes or no.");
        }

        if (input.Paymentid is null or < 1)
        {
            throw ApiException.BadRequest("Payment ID or Payment Code is mandatory");
        }

        if (input.Accountid is null or < 1)
        {
            throw ApiException.BadRequest("Account ID is mandatory");
        }

        var amount = invoice.TotalInclTax - invoice.AmountSettled;
        var form = new PaymentForm
        {
            ThirdPartyId = invoice.ThirdPartyId, Date = DolLines.DayOf(input.Datepaye, "datepaye"), Amount = amount, BankAccountId = input.Accountid,
            PaymentMethodId = input.Paymentid, Reference = input.NumPayment, Note = input.Comment,
            Shares = new Dictionary<long, decimal> { [id] = amount },
        };
        await paymentValidator.CheckAsync(form, PaymentNames, Aborted);
        return Answer(await payments.RecordAsync(form, Aborted));
    }

    /// <summary>
    /// POST /invoices/paymentsdistributed: one payment shared among invoices of one customer,
    /// <c>arrayofamounts</c> {"invoice id": {"amount": "12.50" or "remain", "multicurrency_amount": ""}}; answers the payment's id.
    /// </summary>
    [HttpPost("paymentsdistributed")]
    [HasPermission(SalesPermissions.Payments.Write)]
    [Idempotent]
    public async Task<IActionResult> AddPaymentDistributed()
    {
        var input = await BodyAsync<DolDistributedPaymentInput>();
        if (input.Arrayofamounts is not { Count: > 0 } amounts)
        {
            throw ApiException.BadRequest("Invoice ID is mandatory. Fill the invoice id and amount into arrayofamounts parameter. For example: {\"1\": {\"amount\": \"99.99\"}}");
        }

        if (input.Accountid is null or < 1)
        {
            throw ApiException.BadRequest("Account ID is mandatory");
        }

        if (input.Paymentid is null or < 1)
        {
            throw ApiException.BadRequest("Payment ID or Payment Code is mandatory");
        }

        var shares = new Dictionary<long, decimal>();
        long? customer = null;
        foreach (var (key, share) in amounts)
        {
            if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var invoiceId) || invoiceId < 1)
            {
                throw ApiException.BadRequest($"arrayofamounts: '{key}' is not an invoice id.");
            }

            if (share.MulticurrencyAmount is { } mc && AmountOf(mc, 0m) != 0m)
            {
                throw ApiException.BadRequest($"arrayofamounts: invoice ID {invoiceId} is paid in the company's currency here; leave multicurrency_amount empty.");
            }

            var invoice = await (await VisibleAsync()).SingleOrDefaultAsync(i => i.Id == invoiceId, Aborted) ?? throw ApiException.NotFound($"Invoice ID {invoiceId} not found");
            if (customer is { } c && c != invoice.ThirdPartyId)
            {
                throw ApiException.BadRequest("arrayofamounts: one payment pays the invoices of one customer.");
            }

            customer = invoice.ThirdPartyId;
            var remain = invoice.TotalInclTax - invoice.AmountSettled;
            var amount = share.Amount is { } given ? AmountOf(given, remain)
                ?? throw ApiException.BadRequest($"arrayofamounts: the amount of invoice ID {invoiceId} is a number or \"remain\".") : remain;
            if (amount > remain && input.Accepthigherpayment != true)
            {
                throw ApiException.BadRequest($"Payment amount on invoice ID {invoiceId} ({Dol.Num(amount)}) is higher than remain to pay ({Dol.Num(remain)})");
            }

            shares[invoiceId] = amount;
        }

        var form = new PaymentForm
        {
            ThirdPartyId = customer, Date = DolLines.DayOf(input.Datepaye, "datepaye"), Amount = shares.Values.Sum(), BankAccountId = input.Accountid,
            PaymentMethodId = input.Paymentid, Reference = input.NumPayment, Note = input.Comment, Shares = shares,
        };
        await paymentValidator.CheckAsync(form, PaymentNames, Aborted);
        return Answer(await payments.RecordAsync(form, Aborted));
    }

    [HttpDelete("{id:long}")]
    [HasPermission(SalesPermissions.Invoices.Delete)]
    public async Task<IActionResult> Delete(long id)
    {
        await administration.DeleteAsync(id, Aborted);
        return Answer(new { Success = new { Code = 200, Message = "Invoice deleted" } });
    }

    /// <summary>An amount as PHP clients send it: a number, digits in a string, "remain" (what is left) or empty.</summary>
    private static decimal? AmountOf(JsonElement value, decimal remain) => value.ValueKind switch
    {
        JsonValueKind.Null => remain,
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.String when value.GetString() is "remain" => remain,
        JsonValueKind.String when string.IsNullOrWhiteSpace(value.GetString()) => remain,
        JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) => amount,
        _ => null,
    };

    public static int Status(InvoiceStatus status) => status switch
    {
        InvoiceStatus.Draft => 0,
        InvoiceStatus.Unpaid => 1,
        InvoiceStatus.Paid => 2,
        _ => 3,
    };

    private static object StatusOf(string code) => code switch
    {
        "0" => InvoiceStatus.Draft,
        "1" => InvoiceStatus.Unpaid,
        "2" => InvoiceStatus.Paid,
        "3" => InvoiceStatus.Abandoned,
        _ => throw new FormatException(),
    };

    private static int Kind(InvoiceKind kind) => kind switch
    {
        InvoiceKind.CreditNote => 2,
        InvoiceKind.Deposit => 3,
        _ => 0,
    };

    private static object KindOf(string code) => code switch
    {
        "0" => InvoiceKind.Standard,
        "2" => InvoiceKind.CreditNote,
        "3" => InvoiceKind.Deposit,
        _ => throw new FormatException(),
    };

    private async Task<IQueryable<Invoice>> VisibleAsync() =>
        db.Set<Invoice>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), i => i.ThirdPartyId);

    private async Task<Invoice> FindAsync(long id) =>
        await (await VisibleAsync()).Include(i => i.Lines).SingleOrDefaultAsync(i => i.Id == id, Aborted) ?? throw ApiException.NotFound("Invoice not found");

    private async Task<IActionResult> AnswerAsync(long id)
    {
        var (invoice, recordNotes) = await (await VisibleAsync()).Include(i => i.Lines).SingleWithNotesAsync(db, BillingRecordTypes.Invoice, id, Aborted)
            ?? throw ApiException.NotFound("Invoice not found");
        return Answer(Show(invoice, recordNotes));
    }

    private static DolInvoice Show(Invoice i, RecordNotes notes)
    {
        var status = Status(i.Status);
        var orders = i.Lines.Where(l => l.OrderId is not null).Select(l => l.OrderId!.Value).Distinct().Order().ToList();
        var linked = new Dictionary<string, IReadOnlyDictionary<string, long>>();
        if (orders.Count > 0)
        {
            linked["commande"] = orders.Select((o, n) => (o, n)).ToDictionary(x => x.n.ToString(CultureInfo.InvariantCulture), x => x.o);
        }

        return new DolInvoice(
            i.Id, i.Reference, null, i.ThirdPartyId, Kind(i.Kind), status, status, i.Status == InvoiceStatus.Paid ? 1 : 0, ApiDates.Unix(i.Date),
            ApiDates.Unix(i.DueDate), i.CreatedAt.ToUnixTimeSeconds(), ApiDates.Unix(i.ValidatedAt), ApiDates.Unix(i.ClosedAt),
            Dol.Num(i.TotalExclTax), Dol.Num(i.TotalVat), Dol.Num(i.TotalInclTax), Dol.Num(i.AmountSettled),
            Dol.Num(i.Status == InvoiceStatus.Unpaid ? i.TotalInclTax - i.AmountSettled : 0m), i.CreditedInvoiceId, i.PaymentTermId, i.PaymentMethodId,
            notes.Public, notes.Private, i.AbandonReason switch { AbandonReason.BadDebt => "badcustomer", AbandonReason.Other => "abandon", _ => null },
            i.AbandonNote, i.AuthorUserId, i.AuthorUserId, i.ValidatedByUserId, "1", linked, i.OrderedLines.Select(DolLines.Line).ToList());
    }
}
