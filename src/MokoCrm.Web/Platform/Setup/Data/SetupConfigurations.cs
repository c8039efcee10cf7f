using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Platform.Setup.Data;

internal sealed class CompanyProfileConfiguration : IEntityTypeConfiguration<CompanyProfile>
{
    public void Configure(EntityTypeBuilder<CompanyProfile> builder)
    {
        builder.ToTable("company_profile");
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Currency).HasMaxLength(3);
        builder.Property(c => c.CountryCode).HasMaxLength(2);
        builder.Property(c => c.VatId).HasMaxLength(50);
        builder.Ignore(c => c.DomainEvents);
    }
}

internal sealed class CountryConfiguration : IEntityTypeConfiguration<Country>
{
    public void Configure(EntityTypeBuilder<Country> builder)
    {
        builder.ToTable("countries");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(2);
        builder.Property(c => c.Name).HasMaxLength(100);
    }
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.ToTable("regions");
        builder.Property(r => r.CountryCode).HasMaxLength(2);
        builder.Property(r => r.Code).HasMaxLength(20);
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.HasIndex(r => new { r.CountryCode, r.Code }).IsUnique();
        builder.HasOne<Country>().WithMany().HasForeignKey(r => r.CountryCode).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(r => r.DomainEvents);
    }
}

internal sealed class VatRateConfiguration : IEntityTypeConfiguration<VatRate>
{
    public void Configure(EntityTypeBuilder<VatRate> builder)
    {
        builder.ToTable("vat_rates");
        builder.Property(v => v.Rate).HasPrecision(6, 3);
        builder.Property(v => v.Label).HasMaxLength(50);
        builder.HasIndex(v => v.Rate).IsUnique();
        builder.Ignore(v => v.DomainEvents);
    }
}

internal sealed class PaymentTermConfiguration : IEntityTypeConfiguration<PaymentTerm>
{
    public void Configure(EntityTypeBuilder<PaymentTerm> builder)
    {
        builder.ToTable("payment_terms");
        builder.Property(p => p.Code).HasMaxLength(20);
        builder.Property(p => p.Label).HasMaxLength(100);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Ignore(p => p.DomainEvents);
    }
}

internal sealed class PaymentMethodConfiguration : IEntityTypeConfiguration<PaymentMethod>
{
    public void Configure(EntityTypeBuilder<PaymentMethod> builder)
    {
        builder.ToTable("payment_methods");
        builder.Property(p => p.Code).HasMaxLength(20);
        builder.Property(p => p.Label).HasMaxLength(100);
        builder.HasIndex(p => p.Code).IsUnique();
        builder.Ignore(p => p.DomainEvents);
    }
}

internal sealed class BankAccountConfiguration : IEntityTypeConfiguration<BankAccount>
{
    public void Configure(EntityTypeBuilder<BankAccount> builder)
    {
        builder.ToTable("bank_accounts");
        builder.Property(b => b.Label).HasMaxLength(100);
        builder.Property(b => b.BankName).HasMaxLength(100);
        builder.Property(b => b.Iban).HasMaxLength(34);
        builder.Property(b => b.Bic).HasMaxLength(11);
        builder.Property(b => b.AccountingAccount).HasMaxLength(20);
        builder.Property(b => b.JournalCode).HasMaxLength(10).HasDefaultValue(BankAccount.DefaultJournalCode);
        builder.Property(b => b.Currency).HasMaxLength(3);
        builder.HasIndex(b => b.Label).IsUnique();
        builder.Ignore(b => b.DomainEvents);
    }
}

internal sealed class FiscalYearConfiguration : IEntityTypeConfiguration<FiscalYear>
{
    public void Configure(EntityTypeBuilder<FiscalYear> builder)
    {
        builder.ToTable("fiscal_years");
        builder.Property(f => f.Label).HasMaxLength(50);
        builder.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(f => f.StartDate).IsUnique();
        builder.Ignore(f => f.DomainEvents);
    }
}

internal sealed class LockedPeriodConfiguration : IEntityTypeConfiguration<LockedPeriod>
{
    public void Configure(EntityTypeBuilder<LockedPeriod> builder)
    {
        builder.ToTable("locked_periods");
        builder.Property(l => l.Reason).HasMaxLength(200);
        builder.Ignore(l => l.DomainEvents);
    }
}
