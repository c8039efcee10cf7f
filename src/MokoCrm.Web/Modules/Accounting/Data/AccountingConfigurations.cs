using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Accounting.Domain;

namespace MokoCrm.Web.Modules.Accounting.Data;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts");
        builder.Property(a => a.Number).HasMaxLength(20);
        builder.Property(a => a.Label).HasMaxLength(255);
        builder.Property(a => a.ParentNumber).HasMaxLength(20);
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(a => a.Number).IsUnique();
    }
}

internal sealed class JournalConfiguration : IEntityTypeConfiguration<Journal>
{
    public void Configure(EntityTypeBuilder<Journal> builder)
    {
        builder.ToTable("journals");
        builder.Property(j => j.Code).HasMaxLength(10);
        builder.Property(j => j.Label).HasMaxLength(100);
        builder.Property(j => j.LastHash).HasMaxLength(64);
        builder.HasIndex(j => j.Code).IsUnique();
    }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("entries");
        builder.Property(e => e.JournalCode).HasMaxLength(10);
        builder.Property(e => e.Label).HasMaxLength(255);
        builder.Property(e => e.SourceType).HasMaxLength(50);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.Reference).HasMaxLength(64);
        builder.Property(e => e.Reason).HasMaxLength(500);
        builder.Property(e => e.PreviousHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.Ignore(e => e.TotalDebit);

        // Posting a source twice is impossible: the database refuses the second (source, kind).
        builder.HasIndex(e => new { e.SourceType, e.SourceId, e.Kind }).IsUnique();

        // The gap-free sequence of a journal, and the order the ledger verification walks.
        builder.HasIndex(e => new { e.JournalCode, e.Sequence }).IsUnique();
        builder.HasIndex(e => new { e.EntryDate, e.Id });
        builder.HasIndex(e => e.ToReview).HasFilter("to_review");
        builder.HasOne<Journal>().WithMany().HasPrincipalKey(j => j.Code).HasForeignKey(e => e.JournalCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(e => e.Lines).WithOne().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(e => e.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class JournalEntryLineConfiguration : IEntityTypeConfiguration<JournalEntryLine>
{
    public void Configure(EntityTypeBuilder<JournalEntryLine> builder)
    {
        builder.ToTable("entry_lines");
        builder.Property(l => l.JournalCode).HasMaxLength(10);
        builder.Property(l => l.AccountNumber).HasMaxLength(20);
        builder.Property(l => l.Subledger).HasMaxLength(64);
        builder.Property(l => l.Label).HasMaxLength(255);
        builder.Property(l => l.IntendedAccount).HasMaxLength(20);
        builder.Property(l => l.Debit).HasPrecision(18, 2);
        builder.Property(l => l.Credit).HasPrecision(18, 2);

        // General ledger: one account, a date range, keyset on (date, id); debit and credit included so the running
        // balance up to a page comes from the index alone.
        builder.HasIndex(l => new { l.AccountNumber, l.EntryDate, l.Id }).IncludeProperties(l => new { l.Debit, l.Credit });

        // Trial balance edges (the part of a month the period balances do not cover): a date range across accounts.
        builder.HasIndex(l => new { l.EntryDate, l.AccountNumber }).IncludeProperties(l => new { l.Debit, l.Credit });
        builder.HasIndex(l => new { l.EntryId, l.LineNumber }).IsUnique();
        builder.Property(l => l.SubledgerLabel).HasMaxLength(255);
        builder.Property(l => l.VatRate).HasPrecision(7, 4);
        builder.Property(l => l.VatBase).HasPrecision(18, 2);

        // Subledger detail and aged balances: one third party's lines on one account in date order.
        builder.HasIndex(l => new { l.Subledger, l.AccountNumber, l.EntryDate, l.Id }).HasFilter("subledger IS NOT NULL")
            .IncludeProperties(l => new { l.Debit, l.Credit, l.DueDate });
    }
}

internal sealed class DefaultAccountConfiguration : IEntityTypeConfiguration<DefaultAccount>
{
    public void Configure(EntityTypeBuilder<DefaultAccount> builder)
    {
        builder.ToTable("default_accounts");
        builder.Property(d => d.Key).HasMaxLength(50);
        builder.Property(d => d.AccountNumber).HasMaxLength(20);
        builder.HasIndex(d => d.Key).IsUnique();
    }
}

internal sealed class AccountPeriodBalanceConfiguration : IEntityTypeConfiguration<AccountPeriodBalance>
{
    public void Configure(EntityTypeBuilder<AccountPeriodBalance> builder)
    {
        builder.ToTable("account_period_balances");
        builder.HasKey(b => new { b.AccountNumber, b.PeriodStart });
        builder.Property(b => b.AccountNumber).HasMaxLength(20);
        builder.Property(b => b.Debit).HasPrecision(18, 2);
        builder.Property(b => b.Credit).HasPrecision(18, 2);
        builder.HasIndex(b => new { b.PeriodStart, b.AccountNumber }).IncludeProperties(b => new { b.Debit, b.Credit });
    }
}

internal sealed class VatPeriodBalanceConfiguration : IEntityTypeConfiguration<VatPeriodBalance>
{
    public void Configure(EntityTypeBuilder<VatPeriodBalance> builder)
    {
        builder.ToTable("vat_period_balances");
        builder.HasKey(b => new { b.AccountNumber, b.PeriodStart, b.VatRate });
        builder.Property(b => b.AccountNumber).HasMaxLength(20);
        builder.Property(b => b.VatRate).HasPrecision(7, 4);
        builder.Property(b => b.Debit).HasPrecision(18, 2);
        builder.Property(b => b.Credit).HasPrecision(18, 2);
        builder.Property(b => b.BaseOnDebit).HasPrecision(18, 2);
        builder.Property(b => b.BaseOnCredit).HasPrecision(18, 2);
        builder.Property(b => b.BaseTotal).HasPrecision(18, 2);
    }
}

internal sealed class ManualEntryConfiguration : IEntityTypeConfiguration<ManualEntry>
{
    public void Configure(EntityTypeBuilder<ManualEntry> builder)
    {
        builder.ToTable("manual_entries");
        builder.Property(m => m.Label).HasMaxLength(255);
        builder.Property(m => m.Reason).HasMaxLength(500);
    }
}

internal sealed class BankLineConfiguration : IEntityTypeConfiguration<BankLine>
{
    public void Configure(EntityTypeBuilder<BankLine> builder)
    {
        builder.ToTable("bank_lines");
        builder.Property(b => b.Reference).HasMaxLength(64);
        builder.Property(b => b.Label).HasMaxLength(255);
        builder.Property(b => b.Amount).HasPrecision(18, 2);
        builder.Property(b => b.StatementReference).HasMaxLength(64);
        builder.Ignore(b => b.Reconciled);
        builder.HasOne<JournalEntry>().WithMany().HasForeignKey(b => b.EntryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<JournalEntryLine>().WithMany().HasForeignKey(b => b.EntryLineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<MokoCrm.Web.Platform.Setup.Domain.BankAccount>().WithMany().HasForeignKey(b => b.BankAccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(b => b.EntryLineId).IsUnique();

        // The account's screen: its lines in (date, id) order, the amount included for the running balance.
        builder.HasIndex(b => new { b.BankAccountId, b.Date, b.Id }).IncludeProperties(b => new { b.Amount });
        builder.HasIndex(b => new { b.BankAccountId, b.StatementReference });
    }
}

internal sealed class SubledgerPeriodBalanceConfiguration : IEntityTypeConfiguration<SubledgerPeriodBalance>
{
    public void Configure(EntityTypeBuilder<SubledgerPeriodBalance> builder)
    {
        builder.ToTable("subledger_period_balances");
        builder.HasKey(b => new { b.AccountNumber, b.Subledger, b.PeriodStart });
        builder.Property(b => b.AccountNumber).HasMaxLength(20);
        builder.Property(b => b.Subledger).HasMaxLength(64);
        builder.Property(b => b.Label).HasMaxLength(255);
        builder.Property(b => b.Debit).HasPrecision(18, 2);
        builder.Property(b => b.Credit).HasPrecision(18, 2);
    }
}

internal sealed class LetteringConfiguration : IEntityTypeConfiguration<Lettering>
{
    public void Configure(EntityTypeBuilder<Lettering> builder)
    {
        builder.ToTable("letterings");
        builder.Property(l => l.AccountNumber).HasMaxLength(20);
        builder.Property(l => l.Subledger).HasMaxLength(64);
        builder.Property(l => l.Code).HasMaxLength(8);
        builder.HasIndex(l => new { l.AccountNumber, l.Subledger, l.Code }).IsUnique();
        builder.HasMany(l => l.Lines).WithOne().HasForeignKey(l => l.LetteringId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(l => l.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class LetteredLineConfiguration : IEntityTypeConfiguration<LetteredLine>
{
    public void Configure(EntityTypeBuilder<LetteredLine> builder)
    {
        builder.ToTable("lettered_lines");

        // The line's id is the key: a line is under one letter code at most, guaranteed by the database.
        builder.HasKey(l => l.EntryLineId);
        builder.Property(l => l.EntryLineId).ValueGeneratedNever();
        builder.HasOne<JournalEntryLine>().WithMany().HasForeignKey(l => l.EntryLineId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(l => l.LetteringId);
    }
}

internal sealed class SettlementShareConfiguration : IEntityTypeConfiguration<SettlementShare>
{
    public void Configure(EntityTypeBuilder<SettlementShare> builder)
    {
        builder.ToTable("settlement_shares");
        builder.Property(s => s.PaymentSource).HasMaxLength(50);
        builder.Property(s => s.InvoiceSource).HasMaxLength(50);
        builder.Property(s => s.Amount).HasPrecision(18, 2);
        builder.HasIndex(s => new { s.InvoiceSource, s.InvoiceId });
        builder.HasIndex(s => new { s.PaymentSource, s.PaymentId });
    }
}
