using System.Globalization;
using System.Text;
using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Crm.Domain;

public enum ThirdPartyStatus
{
    Active,
    Closed,
}

/// <summary>Where the company stands in the sales funnel (Dolibarr's "prospect status").</summary>
public enum ProspectStatus
{
    NeverContacted,
    ToContact,
    InProgress,
    Done,
    DoNotContact,
}

/// <summary>
/// A company or person we deal with: customer, prospect and/or supplier. Its customer and supplier codes are numbers
/// (DOMAIN.md §1) taken when the kind is first set and never changed afterwards.
/// </summary>
public sealed class ThirdParty : Entity, IAudited
{
    public const string DefaultCustomerAccountPrefix = "411";

    public const string DefaultSupplierAccountPrefix = "401";

    /// <summary>What an accounting account may hold: the default "411" + customer code keeps the code's dash.</summary>
    public const string AccountingCodePattern = "^[0-9A-Za-z][0-9A-Za-z.-]*$";

    private ThirdParty()
    {
    }

    public string Name { get; private set; } = "";

    /// <summary>Lower-cased name without accents, spaces or punctuation, for the duplicate warning.</summary>
    public string NormalizedName { get; private set; } = "";

    public string? Alias { get; set; }

    public bool IsCustomer { get; private set; }

    public bool IsProspect { get; private set; }

    public bool IsSupplier { get; private set; }

    public ThirdPartyStatus Status { get; private set; } = ThirdPartyStatus.Active;

    public string? CustomerCode { get; private set; }

    public string? SupplierCode { get; private set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    public string CountryCode { get; set; } = "FR";

    public long? RegionId { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Website { get; set; }

    public string? VatId { get; set; }

    public bool VatLiable { get; set; } = true;

    public long? PaymentTermId { get; set; }

    public long? PaymentMethodId { get; set; }

    public decimal DefaultDiscountPercent { get; private set; }

    public decimal? CreditLimit { get; private set; }

    public long? ParentId { get; private set; }

    public ProspectStatus ProspectStatus { get; set; } = ProspectStatus.NeverContacted;

    /// <summary>Customer subledger account, "411" + customer code unless somebody set another one.</summary>
    public string? AccountingCode { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsActive => Status == ThirdPartyStatus.Active;

    /// <summary>Supplier subledger account: "401" + supplier code.</summary>
    public static string? SupplierSubledgerOf(string? supplierCode) => supplierCode is null ? null : DefaultSupplierAccountPrefix + supplierCode;

    public static ThirdParty Create(string name, bool customer, bool prospect, bool supplier, DateTimeOffset now)
    {
        var thirdParty = new ThirdParty { CreatedAt = now };
        thirdParty.Rename(name);
        thirdParty.SetKinds(customer, prospect, supplier);
        return thirdParty;
    }

    public void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("A third party needs a name.");
        }

        Name = name.Trim();
        NormalizedName = Normalize(Name);
    }

    public void SetKinds(bool customer, bool prospect, bool supplier)
    {
        if (!customer && !prospect && !supplier)
        {
            throw new DomainException("A third party is a customer, a prospect or a supplier (at least one).");
        }

        IsCustomer = customer;
        IsProspect = prospect;
        IsSupplier = supplier;
    }

    /// <summary>Customers and prospects get a customer code, suppliers a supplier code, the first time they need one.</summary>
    public bool NeedsCustomerCode => (IsCustomer || IsProspect) && CustomerCode is null;

    public bool NeedsSupplierCode => IsSupplier && SupplierCode is null;

    public void AssignCustomerCode(string code)
    {
        if (CustomerCode is not null)
        {
            throw new DomainException($"{Name} already has the customer code {CustomerCode}.");
        }

        CustomerCode = code;
        AccountingCode ??= DefaultCustomerAccountPrefix + code;
    }

    public void AssignSupplierCode(string code)
    {
        if (SupplierCode is not null)
        {
            throw new DomainException($"{Name} already has the supplier code {SupplierCode}.");
        }

        SupplierCode = code;
    }

    /// <summary>An empty value goes back to the default ("411" + customer code).</summary>
    public void SetAccountingCode(string? code) =>
        AccountingCode = string.IsNullOrWhiteSpace(code)
            ? (CustomerCode is null ? null : DefaultCustomerAccountPrefix + CustomerCode)
            : code.Trim();

    public void SetCommercialTerms(decimal discountPercent, decimal? creditLimit)
    {
        if (discountPercent is < 0 or > 100)
        {
            throw new DomainException("The default discount is between 0 and 100 %.");
        }

        if (creditLimit is < 0)
        {
            throw new DomainException("The credit limit cannot be negative.");
        }

        DefaultDiscountPercent = discountPercent;
        CreditLimit = creditLimit;
    }

    /// <summary>The caller gives the chain of the new parent's ancestors (parent first) so a cycle can be refused.</summary>
    public void SetParent(long? parentId, IReadOnlyCollection<long> ancestorsOfParent)
    {
        if (parentId is { } parent && (parent == Id || ancestorsOfParent.Contains(Id)))
        {
            throw new DomainException("A company cannot be its own parent, directly or through its subsidiaries.");
        }

        ParentId = parentId;
    }

    public void Close()
    {
        if (Status == ThirdPartyStatus.Closed)
        {
            throw new DomainException($"{Name} is already closed.");
        }

        Status = ThirdPartyStatus.Closed;
    }

    public void Reopen()
    {
        if (Status == ThirdPartyStatus.Active)
        {
            throw new DomainException($"{Name} is already active.");
        }

        Status = ThirdPartyStatus.Active;
    }

    /// <summary>"fr 40 123 456 824" → "FR40123456824".</summary>
    public static string? NormalizeVatId(string? vatId) =>
        string.IsNullOrWhiteSpace(vatId) ? null : vatId.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    /// <summary>"Société Générale S.A." → "societegeneralesa": the same company typed twice compares equal.</summary>
    public static string Normalize(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }
}

/// <summary>A user who looks after a third party; without "see all third parties", users see only those they represent.</summary>
public sealed class SalesRepresentative : Entity, IAuditedPart
{
    private SalesRepresentative()
    {
    }

    public SalesRepresentative(long thirdPartyId, long userId)
    {
        ThirdPartyId = thirdPartyId;
        UserId = userId;
    }

    public long ThirdPartyId { get; private set; }

    public long UserId { get; private set; }

    public Platform.Links.RecordRef AuditedRecord => Platform.Links.RecordRef.For<ThirdParty>(ThirdPartyId);

    public string? AuditPrefix => "Sales representative";
}

/// <summary>A person: at a third party, or private (no third party).</summary>
public sealed class Contact : Entity, IAudited
{
    private Contact()
    {
    }

    public long? ThirdPartyId { get; set; }

    public string? FirstName { get; set; }

    public string LastName { get; private set; } = "";

    public string? JobTitle { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Mobile { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>The person asked not to receive e-mails (mailings and automatic sends skip them).</summary>
    public bool NoEmail { get; set; }

    public string FullName => string.IsNullOrWhiteSpace(FirstName) ? LastName : $"{FirstName} {LastName}";

    public static Contact Create(string lastName)
    {
        var contact = new Contact();
        contact.SetLastName(lastName);
        return contact;
    }

    public void SetLastName(string lastName)
    {
        if (string.IsNullOrWhiteSpace(lastName))
        {
            throw new DomainException("A contact needs a last name.");
        }

        LastName = lastName.Trim();
    }
}
