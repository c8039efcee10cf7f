using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Platform.Setup.Api;

public sealed record DolPaymentType(long Id, string Code, string Type, string Label, int Active);

public sealed record DolBankAccount(
    long Id, string Ref, string Label, string? Bank, string? Iban, string? IbanPrefix, string? Bic, string AccountNumber,
    string CurrencyCode, int Clos, int Status, int Type, string Entity);

/// <summary>Dolibarr's payment types dictionary and bank accounts, read-only, behind the setup read right.</summary>
[Route(Root)]
public sealed class DolibarrSetupController(AppDbContext db) : DolibarrApiController
{
    /// <summary>Our payment methods under Dolibarr's codes; the id is ours (clients send it back as paymentid).</summary>
    public static string DolibarrCode(string code) => code switch
    {
        "TRANSFER" => "VIR",
        "CARD" => "CB",
        "CHEQUE" => "CHQ",
        "CASH" => "LIQ",
        "DIRECT_DEBIT" => "PRE",
        _ => code,
    };

    private static readonly ApiFields<PaymentMethod> PaymentFields = new ApiFields<PaymentMethod>()
        .Add("t.id", m => m.Id).Add("t.rowid", m => m.Id).Add("t.libelle", m => m.Label).Add("t.active", m => m.Active ? 1 : 0);

    private static readonly ApiFields<BankAccount> BankFields = new ApiFields<BankAccount>()
        .Add("t.rowid", b => b.Id).Add("t.label", b => b.Label).Add("t.ref", b => b.Label).Add("t.clos", b => b.Active ? 0 : 1)
        .Add("t.currency_code", b => b.Currency);

    [HttpGet("setup/dictionary/payment_types")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> PaymentTypes([FromQuery] DolibarrListRequest list, int? active)
    {
        var rows = db.Set<PaymentMethod>().AsNoTracking();
        if (active is { } a)
        {
            rows = rows.Where(m => m.Active == (a == 1));
        }

        return await ListAsync(list, rows, PaymentFields, m => new DolPaymentType(m.Id, DolibarrCode(m.Code), "2", m.Label, m.Active ? 1 : 0), "payment type", defaultSort: "t.id");
    }

    [HttpGet("bankaccounts")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> BankAccounts([FromQuery] DolibarrListRequest list)
    {
        return await ListAsync(list, db.Set<BankAccount>().AsNoTracking(), BankFields, Show, "account");
    }

    [HttpGet("bankaccounts/{id:long}")]
    [HasPermission(PlatformPermissions.SetupRead)]
    public async Task<IActionResult> BankAccount(long id) =>
        Answer(Show(await db.Set<BankAccount>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, Aborted) ?? throw ApiException.NotFound("Account not found")));

    private static DolBankAccount Show(BankAccount b) => new(
        b.Id, b.Label, b.Label, b.BankName, b.Iban, b.Iban, b.Bic, b.AccountingAccount, b.Currency, b.Active ? 0 : 1, b.Active ? 0 : 1, 1, "1");
}
