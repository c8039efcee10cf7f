using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Crm.Domain;
using MokoCrm.Web.Platform.Search;
using MokoCrm.Web.Platform.Security.Domain;

namespace MokoCrm.Web.Modules.Crm.Data;

internal sealed class ThirdPartyConfiguration : IEntityTypeConfiguration<ThirdParty>
{
    public void Configure(EntityTypeBuilder<ThirdParty> builder)
    {
        builder.ToTable("third_parties");
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.NormalizedName).HasMaxLength(200);
        builder.Property(t => t.Alias).HasMaxLength(200);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.ProspectStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(t => t.CustomerCode).HasMaxLength(40);
        builder.Property(t => t.SupplierCode).HasMaxLength(40);
        builder.Property(t => t.CountryCode).HasMaxLength(2);
        builder.Property(t => t.PostalCode).HasMaxLength(20);
        builder.Property(t => t.Town).HasMaxLength(100);
        builder.Property(t => t.Address).HasMaxLength(500);
        builder.Property(t => t.Phone).HasMaxLength(40);
        builder.Property(t => t.Email).HasMaxLength(200);
        builder.Property(t => t.Website).HasMaxLength(300);
        builder.Property(t => t.VatId).HasMaxLength(40);
        builder.Property(t => t.AccountingCode).HasMaxLength(40);
        builder.Property(t => t.DefaultDiscountPercent).HasPrecision(5, 2);
        builder.Property(t => t.CreditLimit).HasPrecision(18, 2);
        builder.HasIndex(t => t.CustomerCode).IsUnique();
        builder.HasIndex(t => t.SupplierCode).IsUnique();
        builder.HasIndex(t => new { t.Name, t.Id });
        builder.HasIndex(t => t.NormalizedName);
        builder.HasIndex(t => t.VatId);
        builder.HasIndex(t => t.Email);
        builder.HasSearchText("name || ' ' || coalesce(alias, '') || ' ' || coalesce(customer_code, '') || ' ' || coalesce(supplier_code, '') || ' ' "
            + "|| coalesce(email, '') || ' ' || coalesce(vat_id, '') || ' ' || " + SearchText.PhoneDigitsSql("phone"));
        builder.HasOne<ThirdParty>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SalesRepresentativeConfiguration : IEntityTypeConfiguration<SalesRepresentative>
{
    public void Configure(EntityTypeBuilder<SalesRepresentative> builder)
    {
        builder.ToTable("sales_representatives");
        builder.HasIndex(r => new { r.UserId, r.ThirdPartyId }).IsUnique();
        builder.HasIndex(r => r.ThirdPartyId);
        builder.HasOne<ThirdParty>().WithMany().HasForeignKey(r => r.ThirdPartyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("contacts");
        builder.Ignore(c => c.FullName);
        builder.Property(c => c.FirstName).HasMaxLength(100);
        builder.Property(c => c.LastName).HasMaxLength(100);
        builder.Property(c => c.JobTitle).HasMaxLength(100);
        builder.Property(c => c.Email).HasMaxLength(200);
        builder.Property(c => c.Phone).HasMaxLength(40);
        builder.Property(c => c.Mobile).HasMaxLength(40);
        builder.HasIndex(c => c.ThirdPartyId);
        builder.HasIndex(c => new { c.LastName, c.Id });
        builder.HasSearchText("coalesce(first_name, '') || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || "
            + SearchText.PhoneDigitsSql("phone") + " || ' ' || " + SearchText.PhoneDigitsSql("mobile"));
        builder.HasOne<ThirdParty>().WithMany().HasForeignKey(c => c.ThirdPartyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.ToTable("leads");
        builder.Property(l => l.Title).HasMaxLength(200);
        builder.Property(l => l.CompanyName).HasMaxLength(200);
        builder.Property(l => l.ContactName).HasMaxLength(200);
        builder.Property(l => l.ContactEmail).HasMaxLength(200);
        builder.Property(l => l.ContactPhone).HasMaxLength(40);
        builder.Property(l => l.ExpectedAmount).HasPrecision(18, 2);
        builder.Property(l => l.Stage).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(l => l.LostReason).HasMaxLength(500);
        builder.ToTable(t => t.HasCheckConstraint("ck_leads_amount", "expected_amount >= 0"));
        builder.ToTable(t => t.HasCheckConstraint("ck_leads_probability", "probability BETWEEN 0 AND 100"));
        builder.HasIndex(l => new { l.Stage, l.ExpectedCloseDate });
        builder.HasIndex(l => l.ThirdPartyId);
        builder.HasIndex(l => l.OwnerUserId);
        builder.HasSearchText("title || ' ' || coalesce(company_name, '') || ' ' || coalesce(contact_name, '') || ' ' || coalesce(contact_email, '') || ' ' || "
            + SearchText.PhoneDigitsSql("contact_phone"));
        builder.HasOne<ThirdParty>().WithMany().HasForeignKey(l => l.ThirdPartyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(l => l.ContactId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
