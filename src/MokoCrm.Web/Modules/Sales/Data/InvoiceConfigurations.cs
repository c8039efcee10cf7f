using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Sales.Data;

internal sealed class InvoiceConfiguration : IEntityTypeConfiguration<Invoice>
{
    public void Configure(EntityTypeBuilder<Invoice> builder)
    {
        builder.ToTable("invoices");
        SalesDocumentColumns.Configure<Invoice, InvoiceLine>(builder);
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.AbandonReason).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.AbandonNote).HasMaxLength(1000);
        builder.Property(i => i.AmountSettled).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        // The list at a million rows: customer + status (+ date for the order), status + due date for "late".
        builder.HasIndex(i => new { i.ThirdPartyId, i.Status, i.Date, i.Id });
        builder.HasIndex(i => new { i.Status, i.Date, i.Id });
        builder.HasIndex(i => new { i.Status, i.DueDate });
        builder.HasIndex(i => i.CreditedInvoiceId);
        builder.Ignore(i => i.Remaining);
        builder.Ignore(i => i.IsOpen);
        builder.Ignore(i => i.CanBeDeleted);
    }
}

internal sealed class InvoiceLineConfiguration : IEntityTypeConfiguration<InvoiceLine>
{
    public void Configure(EntityTypeBuilder<InvoiceLine> builder)
    {
        builder.ToTable("invoice_lines");
        DocumentLine.ConfigureColumns(builder);
        builder.HasIndex(l => l.OrderLineId);
        builder.HasIndex(l => l.OrderId);
        builder.HasIndex(l => l.DeductedDepositId);
        builder.HasIndex(l => l.CreditedLineId);
        builder.Ignore(l => l.AuditedRecord);
        builder.Ignore(l => l.AuditPrefix);
    }
}

internal sealed class CustomerPaymentConfiguration : IEntityTypeConfiguration<CustomerPayment>
{
    public void Configure(EntityTypeBuilder<CustomerPayment> builder)
    {
        builder.ToTable("payments");
        builder.Property(p => p.Number).HasMaxLength(40);
        builder.HasIndex(p => p.Number).IsUnique();
        builder.Property(p => p.Amount).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.Property(p => p.Reference).HasMaxLength(100);
        builder.Property(p => p.Note).HasMaxLength(1000);
        builder.HasIndex(p => new { p.ThirdPartyId, p.Date });
        builder.HasIndex(p => new { p.Date, p.Id });
        builder.HasIndex(p => p.ReversalOfId);
        builder.HasMany(p => p.Shares).WithOne().HasForeignKey(s => s.PaymentId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(p => p.Shares).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(p => p.IsCancelled);
        builder.Ignore(p => p.IsReversal);
        builder.Ignore(p => p.DomainEvents);
        builder.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class CustomerPaymentShareConfiguration : IEntityTypeConfiguration<CustomerPaymentShare>
{
    public void Configure(EntityTypeBuilder<CustomerPaymentShare> builder)
    {
        builder.ToTable("payment_shares");
        builder.Property(s => s.Amount).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.HasIndex(s => s.InvoiceId);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(s => s.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(s => s.AuditedRecord);
        builder.Ignore(s => s.AuditPrefix);
        builder.Ignore(s => s.DomainEvents);
    }
}

internal sealed class InvoiceCreditUseConfiguration : IEntityTypeConfiguration<InvoiceCreditUse>
{
    public void Configure(EntityTypeBuilder<InvoiceCreditUse> builder)
    {
        builder.ToTable("invoice_credit_uses");
        builder.Property(c => c.Amount).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.HasIndex(c => c.InvoiceId);
        builder.HasIndex(c => c.CreditNoteId);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(c => c.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Invoice>().WithMany().HasForeignKey(c => c.CreditNoteId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.DomainEvents);
    }
}
