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

/// <summary>A third party as Dolibarr's API shows it (htdocs/societe/class/api_thirdparties.class.php).</summary>
public sealed record DolThirdParty(
    long Id, string Ref, string Name, string? NameAlias, string Client, string Prospect, string Fournisseur,
    string? CodeClient, string? CodeFournisseur, string? CodeCompta, string? CodeComptaClient, string? CodeComptaFournisseur,
    string? Address, string? Zip, string? Town, int? CountryId, string CountryCode, long? StateId,
    string? Phone, string? Email, string? Url, string TvaAssuj, string? TvaIntra, string Status,
    string RemisePercent, string? OutstandingLimit, long? CondReglementId, long? ModeReglementId, long? Parent,
    long DateCreation, string Entity);

/// <summary>What a Dolibarr client sends to create or change a third party. <c>entity</c> and <c>array_options</c> are accepted and ignored.</summary>
public sealed class DolThirdPartyInput
{
    public string? Name { get; set; }

    public string? NameAlias { get; set; }

    /// <summary>0 none, 1 customer, 2 prospect, 3 both.</summary>
    public int? Client { get; set; }

    public int? Fournisseur { get; set; }

    /// <summary>"-1" or empty: numbered automatically, the only way here (DOMAIN.md §1).</summary>
    public string? CodeClient { get; set; }

    public string? CodeFournisseur { get; set; }

    public string? CodeCompta { get; set; }

    public string? CodeComptaClient { get; set; }

    public string? Address { get; set; }

    public string? Zip { get; set; }

    public string? Town { get; set; }

    public int? CountryId { get; set; }

    public string? CountryCode { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Url { get; set; }

    public int? TvaAssuj { get; set; }

    public string? TvaIntra { get; set; }

    public decimal? RemisePercent { get; set; }

    public decimal? OutstandingLimit { get; set; }

    public long? CondReglementId { get; set; }

    public long? ModeReglementId { get; set; }

    public long? Parent { get; set; }

    public int? Entity { get; set; }

    public System.Text.Json.JsonElement? ArrayOptions { get; set; }
}

/// <summary>/api/index.php/thirdparties: list, read, create and change, through the screens' handler and rights.</summary>
[Route(Root + "/thirdparties")]
public sealed class DolibarrThirdPartiesController(
    AppDbContext db,
    CurrentCrmVisibility visibility,
    ThirdPartyAdministration administration,
    CrmQueries queries,
    IValidator<ThirdPartyForm> validator) : DolibarrApiController
{
    internal static readonly ApiFields<ThirdParty> Fields = new ApiFields<ThirdParty>()
        .Add("t.rowid", t => t.Id)
        .Add("t.nom", t => t.Name)
        .Add("t.name_alias", t => t.Alias)
        .Add("t.code_client", t => t.CustomerCode)
        .Add("t.code_fournisseur", t => t.SupplierCode)
        .Add("t.email", t => t.Email)
        .Add("t.phone", t => t.Phone)
        .Add("t.zip", t => t.PostalCode)
        .Add("t.town", t => t.Town)
        .Add("t.tva_intra", t => t.VatId)
        .Add("t.client", t => t.IsCustomer && t.IsProspect ? 3 : t.IsCustomer ? 1 : t.IsProspect ? 2 : 0)
        .Add("t.fournisseur", t => t.IsSupplier ? 1 : 0)
        .Add("t.status", t => t.Status == ThirdPartyStatus.Active ? 1 : 0)
        .Add("t.datec", t => t.CreatedAt);

    private static readonly Dictionary<string, string> Names = new()
    {
        [nameof(ThirdPartyForm.Name)] = "name", [nameof(ThirdPartyForm.Alias)] = "name_alias", [nameof(ThirdPartyForm.IsCustomer)] = "client",
        [nameof(ThirdPartyForm.CountryCode)] = "country_code", [nameof(ThirdPartyForm.Email)] = "email", [nameof(ThirdPartyForm.Website)] = "url",
        [nameof(ThirdPartyForm.VatId)] = "tva_intra", [nameof(ThirdPartyForm.DefaultDiscountPercent)] = "remise_percent",
        [nameof(ThirdPartyForm.CreditLimit)] = "outstanding_limit", [nameof(ThirdPartyForm.AccountingCode)] = "code_compta",
    };

    /// <summary>mode: 1 customers, 2 prospects, 3 neither customer nor prospect, 4 suppliers (Dolibarr's).</summary>
    [HttpGet("")]
    [HasPermission(CrmPermissions.ThirdParties.Read)]
    public async Task<IActionResult> Index([FromQuery] DolibarrListRequest list, int? mode)
    {
        var rows = await VisibleAsync();
        rows = mode switch
        {
            null or 0 => rows,
            1 => rows.Where(t => t.IsCustomer),
            2 => rows.Where(t => t.IsProspect),
            3 => rows.Where(t => !t.IsCustomer && !t.IsProspect),
            4 => rows.Where(t => t.IsSupplier),
            _ => throw ApiException.BadRequest("mode is 1 (customers), 2 (prospects), 3 (others) or 4 (suppliers)."),
        };
        return await ListAsync(list, rows, Fields, Show, "thirdparty");
    }

    [HttpGet("{id:long}")]
    [HasPermission(CrmPermissions.ThirdParties.Read)]
    public async Task<IActionResult> Get(long id) => Answer(Show(await FindAsync(id)));

    /// <summary>Dolibarr answers the new id. Duplicates are not warned about here: a program cannot tick "create anyway".</summary>
    [HttpPost("")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    [Idempotent]
    public async Task<IActionResult> Create()
    {
        var input = await BodyAsync<DolThirdPartyInput>();
        var form = new ThirdPartyForm { CountryCode = "FR", VatLiable = true };
        Apply(input, form);
        await validator.CheckAsync(form, Names, Aborted);
        return Answer(await administration.CreateAsync(form, Aborted));
    }

    /// <summary>Changes the fields sent, keeps the others; answers the third party.</summary>
    [HttpPut("{id:long}")]
    [HasPermission(CrmPermissions.ThirdParties.Write)]
    public async Task<IActionResult> Update(long id)
    {
        var form = await queries.ThirdPartyFormAsync(id) ?? throw ApiException.NotFound("Thirdparty not found");
        var input = await BodyAsync<DolThirdPartyInput>();
        Apply(input, form);
        await validator.CheckAsync(form, Names, Aborted);
        await administration.UpdateAsync(id, form, Aborted);
        return Answer(Show(await FindAsync(id)));
    }

    private async Task<IQueryable<ThirdParty>> VisibleAsync() =>
        db.Set<ThirdParty>().AsNoTracking().WhereThirdPartyVisible(await visibility.ThirdPartyIdsAsync(), t => t.Id);

    private async Task<ThirdParty> FindAsync(long id) =>
        await (await VisibleAsync()).SingleOrDefaultAsync(t => t.Id == id, Aborted) ?? throw ApiException.NotFound("Thirdparty not found");

    private static void Apply(DolThirdPartyInput input, ThirdPartyForm form)
    {
        if (input.CodeClient is { Length: > 0 } cc && cc != "-1" && cc != "auto")
        {
            throw ApiException.BadRequest("code_client is numbered automatically (DOMAIN.md §1): send -1 or leave it out.");
        }

        if (input.CodeFournisseur is { Length: > 0 } cf && cf != "-1" && cf != "auto")
        {
            throw ApiException.BadRequest("code_fournisseur is numbered automatically: send -1 or leave it out.");
        }

        if (input.Client is { } client)
        {
            if (client is < 0 or > 3)
            {
                throw ApiException.BadRequest("client is 0 (none), 1 (customer), 2 (prospect) or 3 (customer and prospect).");
            }

            (form.IsCustomer, form.IsProspect) = (client is 1 or 3, client is 2 or 3);
        }

        if (input.Fournisseur is { } supplier)
        {
            form.IsSupplier = supplier switch
            {
                0 => false,
                1 => true,
                _ => throw ApiException.BadRequest("fournisseur is 0 or 1."),
            };
        }

        if (input.CountryId is { } countryId)
        {
            form.CountryCode = DolibarrCountries.CodeOf(countryId) ?? throw ApiException.BadRequest($"country_id {countryId} is not known here: send country_code (ISO, e.g. FR) instead.");
        }

        form.CountryCode = input.CountryCode?.Trim().ToUpperInvariant() ?? form.CountryCode;
        form.Name = input.Name ?? form.Name;
        form.Alias = input.NameAlias ?? form.Alias;
        form.Address = input.Address ?? form.Address;
        form.PostalCode = input.Zip ?? form.PostalCode;
        form.Town = input.Town ?? form.Town;
        form.Phone = input.Phone ?? form.Phone;
        form.Email = input.Email ?? form.Email;
        form.Website = input.Url ?? form.Website;
        form.VatId = input.TvaIntra ?? form.VatId;
        form.VatLiable = input.TvaAssuj is { } assuj ? assuj != 0 : form.VatLiable;
        form.DefaultDiscountPercent = input.RemisePercent ?? form.DefaultDiscountPercent;
        form.CreditLimit = input.OutstandingLimit ?? form.CreditLimit;
        form.PaymentTermId = input.CondReglementId ?? form.PaymentTermId;
        form.PaymentMethodId = input.ModeReglementId ?? form.PaymentMethodId;
        form.ParentId = input.Parent ?? form.ParentId;
        form.AccountingCode = input.CodeComptaClient ?? input.CodeCompta ?? form.AccountingCode;
    }

    internal static DolThirdParty Show(ThirdParty t) => new(
        t.Id, t.Name, t.Name, t.Alias, t.IsCustomer && t.IsProspect ? "3" : t.IsCustomer ? "1" : t.IsProspect ? "2" : "0",
        t.IsProspect ? "1" : "0", t.IsSupplier ? "1" : "0",
        t.CustomerCode, t.SupplierCode, t.AccountingCode, t.AccountingCode, ThirdParty.SupplierSubledgerOf(t.SupplierCode),
        t.Address, t.PostalCode, t.Town, DolibarrCountries.IdOf(t.CountryCode), t.CountryCode, t.RegionId,
        t.Phone, t.Email, t.Website, t.VatLiable ? "1" : "0", t.VatId, t.IsActive ? "1" : "0",
        Dol.Num(t.DefaultDiscountPercent), Dol.Num(t.CreditLimit), t.PaymentTermId, t.PaymentMethodId, t.ParentId,
        t.CreatedAt.ToUnixTimeSeconds(), "1");
}
