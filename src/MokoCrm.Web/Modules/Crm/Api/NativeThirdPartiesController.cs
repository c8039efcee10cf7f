using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Modules.Crm.Features;
using MokoCrm.Web.Modules.Crm.Public;
using MokoCrm.Web.Modules.Crm.Queries;
using MokoCrm.Web.Platform.Api;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Crm.Api;

/// <summary>A third party in the native API.</summary>
public sealed record ThirdPartyResource(
    long Id, string Name, string? Alias, bool IsCustomer, bool IsProspect, bool IsSupplier, string? CustomerCode, string? SupplierCode,
    string? Address, string? PostalCode, string? Town, string CountryCode, string? Phone, string? Email, string? Website,
    string? VatId, bool VatLiable, long? PaymentTermId, long? PaymentMethodId, decimal? DefaultDiscountPercent, decimal? CreditLimit,
    long? ParentId, bool IsActive, DateTimeOffset CreatedAt);

/// <summary>What a client sends to create a third party, or the fields it changes (the others are kept).</summary>
public sealed class ThirdPartyInput
{
    public string? Name { get; set; }

    public string? Alias { get; set; }

    public bool? IsCustomer { get; set; }

    public bool? IsProspect { get; set; }

    public bool? IsSupplier { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    /// <summary>ISO 3166 code, FR when left out on creation.</summary>
    public string? CountryCode { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    public string? VatId { get; set; }

    public bool? VatLiable { get; set; }

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public decimal? DefaultDiscountPercent { get; set; }

    public decimal? CreditLimit { get; set; }

    public long? ParentId { get; set; }
}

/// <summary>/api/v1/third-parties: the third-party screens' handler, validator, rights and visibility.</summary>
[Route(Root + "/third-parties")]
[Tags("Third parties")]
[RecordResource(Modules.Crm.Public.CrmRecordTypes.ThirdParty)]
public sealed class NativeThirdPartiesController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    ThirdPartyAdministration administration,
    CrmQueries queries,
    IValidator<ThirdPartyForm> validator) : NativeApiController
{
    /// <summary>?sort=name or -name.</summary>
    private static readonly NativeSorts<ThirdParty> Sorts = new NativeSorts<ThirdParty>().By("name", t => t.Name);

    /// <summary>Third parties the key's user may see; <c>q</c> searches the name, alias and codes.</summary>
    [HttpGet("")]
    [HasPermission(CrmPermissions.ThirdParties.Read)]
    [ProducesResponseType<NativePage<ThirdPartyResource>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Index([FromQuery] NativeListRequest list, string? q, bool? customer, bool? supplier)
    {
        var rows = await VisibleAsync();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = NativeQuery.Contains(q);
            rows = rows.Where(t => EF.Functions.ILike(t.Name, pattern) || (t.Alias != null && EF.Functions.ILike(t.Alias, pattern))
                || (t.CustomerCode != null && EF.Functions.ILike(t.CustomerCode, pattern)) || (t.SupplierCode != null && EF.Functions.ILike(t.SupplierCode, pattern)));
        }

        if (customer is { } c)
        {
            rows = rows.Where(t => t.IsCustomer == c);
        }

        if (supplier is { } s)
        {
            rows = rows.Where(t => t.IsSupplier == s);
        }

        return Answer(await list.PageAsync(rows, Show, Aborted, Sorts));
    }

    [HttpGet("{id:long}")]
    [HasPermission(CrmPermissions.ThirdParties.Read)]
    [ProducesResponseType<ThirdPartyResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Get(long id) => Answer(Show(await FindAsync(id)));

    /// <summary>Creates a third party (codes numbered as on the screen); answers it with 201 and its Location.</summary>
    [HttpPost("")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    [Idempotent]
    [ApiBody<ThirdPartyInput>]
    [ProducesResponseType<ThirdPartyResource>(StatusCodes.Status201Created)]
    public async Task<IActionResult> Create()
    {
        var form = new ThirdPartyForm { CountryCode = "FR", VatLiable = true };
        Apply(await BodyAsync<ThirdPartyInput>(), form);
        await validator.CheckNativeAsync(form, Aborted);
        var id = await administration.CreateAsync(form, Aborted);
        return Created(Show(await FindAsync(id)), $"/{Root}/third-parties/{id}");
    }

    /// <summary>Changes the fields sent and keeps the others.</summary>
    [HttpPatch("{id:long}")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    [ApiBody<ThirdPartyInput>]
    [ProducesResponseType<ThirdPartyResource>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Update(long id)
    {
        await FindAsync(id);
        var form = await queries.ThirdPartyFormAsync(id) ?? throw ApiException.NotFound("Third party not found.");
        Apply(await BodyAsync<ThirdPartyInput>(), form);
        await ClearSentNullsAsync(form);
        await validator.CheckNativeAsync(form, Aborted);
        await administration.UpdateAsync(id, form, Aborted);
        return Answer(Show(await FindAsync(id)));
    }

    private async Task<IQueryable<ThirdParty>> VisibleAsync() =>
        db.Set<ThirdParty>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), t => t.Id);

    private async Task<ThirdParty> FindAsync(long id) =>
        await (await VisibleAsync()).SingleOrDefaultAsync(t => t.Id == id, Aborted) ?? throw ApiException.NotFound("Third party not found.");

    private static void Apply(ThirdPartyInput input, ThirdPartyForm form)
    {
        form.Name = input.Name ?? form.Name;
        form.Alias = input.Alias ?? form.Alias;
        form.IsCustomer = input.IsCustomer ?? form.IsCustomer;
        form.IsProspect = input.IsProspect ?? form.IsProspect;
        form.IsSupplier = input.IsSupplier ?? form.IsSupplier;
        form.Address = input.Address ?? form.Address;
        form.PostalCode = input.PostalCode ?? form.PostalCode;
        form.Town = input.Town ?? form.Town;
        form.CountryCode = input.CountryCode?.Trim().ToUpperInvariant() ?? form.CountryCode;
        form.Phone = input.Phone ?? form.Phone;
        form.Email = input.Email ?? form.Email;
        form.Website = input.Website ?? form.Website;
        form.VatId = input.VatId ?? form.VatId;
        form.VatLiable = input.VatLiable ?? form.VatLiable;
        form.PaymentTermId = input.PaymentTermId ?? form.PaymentTermId;
        form.PaymentMethodId = input.PaymentMethodId ?? form.PaymentMethodId;
        form.DefaultDiscountPercent = input.DefaultDiscountPercent ?? form.DefaultDiscountPercent;
        form.CreditLimit = input.CreditLimit ?? form.CreditLimit;
        form.ParentId = input.ParentId ?? form.ParentId;
    }

    internal static ThirdPartyResource Show(ThirdParty t) => new(
        t.Id, t.Name, t.Alias, t.IsCustomer, t.IsProspect, t.IsSupplier, t.CustomerCode, t.SupplierCode,
        t.Address, t.PostalCode, t.Town, t.CountryCode, t.Phone, t.Email, t.Website, t.VatId, t.VatLiable,
        t.PaymentTermId, t.PaymentMethodId, t.DefaultDiscountPercent, t.CreditLimit, t.ParentId, t.IsActive, t.CreatedAt);
}
