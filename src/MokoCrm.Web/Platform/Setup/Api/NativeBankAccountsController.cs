using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Platform.Setup.Api;

public sealed record BankAccountResource(long Id, string Label, string? BankName, string? Iban, string? Bic, string AccountingAccount, string Currency, bool Active);

/// <summary>/api/v1/bank-accounts: the bank accounts of Setup, read-only (payments name them by id).</summary>
[Route(Root + "/bank-accounts")]
[Tags("Bank accounts")]
public sealed class NativeBankAccountsController(AppDbContext db) : NativeApiController
{
    /// <summary>?sort= label, with - for descending (ties broken by the id).</summary>
    private static readonly NativeSorts<BankAccount> Sorts = new NativeSorts<BankAccount>().By("label", b => b.Label);

    [HttpGet("")]
    [HasPermission(PlatformPermissions.SetupRead)]
    [ProducesResponseType<NativePage<BankAccountResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, bool? active)
    {
        var rows = db.Set<BankAccount>().AsNoTracking();
        rows = active is { } a ? rows.Where(b => b.Active == a) : rows;
        return Answer(await list.PageAsync(rows, Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(PlatformPermissions.SetupRead)]
    [ProducesResponseType<BankAccountResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(long id) =>
        Answer(Show(await db.Set<BankAccount>().AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, Aborted) ?? throw ApiException.NotFound("Bank account not found.")));

    private static BankAccountResource Show(BankAccount b) => new(b.Id, b.Label, b.BankName, b.Iban, b.Bic, b.AccountingAccount, b.Currency, b.Active);
}
