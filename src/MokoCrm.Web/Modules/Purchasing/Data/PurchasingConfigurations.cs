using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Purchasing.Domain;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Purchasing.Data;

internal sealed class PurchaseOrderConfiguration : IEntityTypeConfiguration<PurchaseOrder>
{
    public void Configure(EntityTypeBuilder<PurchaseOrder> builder)
    {
        builder.ToTable("purchase_orders");
        LinedDocument<PurchaseOrderLine>.ConfigureTotals(builder);
        builder.Property(o => o.Number).HasMaxLength(40);
        builder.HasIndex(o => o.Number).IsUnique();
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.OrderMethod).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.SupplierReference).HasMaxLength(100);
        builder.Property(o => o.RefusalReason).HasMaxLength(1000);
        // The lists: by supplier (filter, visibility), by status (the purchasing home) and by date, newest first.
        builder.HasIndex(o => new { o.SupplierId, o.Date });
        builder.HasIndex(o => new { o.Status, o.Date });
        builder.HasIndex(o => new { o.Date, o.Id });
        builder.Ignore(o => o.Reference);
        builder.Ignore(o => o.IsDraft);
        builder.Ignore(o => o.IsOpenForReception);
        builder.Ignore(o => o.IsBillable);
        builder.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class PurchaseOrderLineConfiguration : IEntityTypeConfiguration<PurchaseOrderLine>
{
    public void Configure(EntityTypeBuilder<PurchaseOrderLine> builder)
    {
        builder.ToTable("purchase_order_lines");
        DocumentLine.ConfigureColumns(builder);
        builder.Property(l => l.SupplierReference).HasMaxLength(64);
        builder.Property(l => l.QuantityReceived).HasPrecision(Amounts.Precision, Amounts.QuantityDecimals);
        builder.Property(l => l.QuantityBilled).HasPrecision(Amounts.Precision, Amounts.QuantityDecimals);
        builder.HasIndex(l => l.ProductId);
        builder.Ignore(l => l.LeftToReceive);
        builder.Ignore(l => l.LeftToBill);
        builder.Ignore(l => l.NetUnitCost);
        builder.Ignore(l => l.GoesToStock);
        builder.Ignore(l => l.AuditedRecord);
        builder.Ignore(l => l.AuditPrefix);
    }
}

internal sealed class PurchasingSettingsConfiguration : IEntityTypeConfiguration<PurchasingSettings>
{
    public void Configure(EntityTypeBuilder<PurchasingSettings> builder)
    {
        builder.ToTable("purchasing_settings");
        builder.Property(s => s.SecondApprovalAbove).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.Ignore(s => s.Policy);
    }
}

internal sealed class ReceptionConfiguration : IEntityTypeConfiguration<Reception>
{
    public void Configure(EntityTypeBuilder<Reception> builder)
    {
        builder.ToTable("receptions");
        builder.Property(r => r.Number).HasMaxLength(40);
        builder.HasIndex(r => r.Number).IsUnique();
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<PurchaseOrder>().WithMany().HasForeignKey(r => r.PurchaseOrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.PurchaseOrderId);
        builder.HasIndex(r => new { r.SupplierId, r.Date });
        builder.HasIndex(r => new { r.Date, r.Id });
        builder.HasMany(r => r.Lines).WithOne().HasForeignKey(l => l.ReceptionId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(r => r.Reference);
        builder.Ignore(r => r.IsEffective);
        builder.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class ReceptionLineConfiguration : IEntityTypeConfiguration<ReceptionLine>
{
    public void Configure(EntityTypeBuilder<ReceptionLine> builder)
    {
        builder.ToTable("reception_lines");
        builder.Property(l => l.ProductReference).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(4000);
        builder.Property(l => l.Quantity).HasPrecision(Amounts.Precision, Amounts.QuantityDecimals);
        builder.Property(l => l.QuantityBilled).HasPrecision(Amounts.Precision, Amounts.QuantityDecimals);
        builder.Property(l => l.UnitCost).HasPrecision(Amounts.Precision, Amounts.UnitPriceDecimals);
        builder.HasIndex(l => new { l.ReceptionId, l.Position });
        builder.HasIndex(l => l.OrderLineId);
        builder.Ignore(l => l.Value);
        builder.Ignore(l => l.LeftToBill);
        builder.Ignore(l => l.AuditedRecord);
        builder.Ignore(l => l.AuditPrefix);
    }
}

internal sealed class SupplierInvoiceConfiguration : IEntityTypeConfiguration<SupplierInvoice>
{
    public void Configure(EntityTypeBuilder<SupplierInvoice> builder)
    {
        builder.ToTable("supplier_invoices");
        LinedDocument<SupplierInvoiceLine>.ConfigureTotals(builder);
        builder.Property(i => i.Number).HasMaxLength(40);
        builder.HasIndex(i => i.Number).IsUnique();
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.SupplierInvoiceNumber).HasMaxLength(64);
        builder.Property(i => i.AbandonReason).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.AbandonNote).HasMaxLength(1000);
        // DOMAIN.md §4: the supplier's own invoice number is unique per supplier (the check's message comes first; this is the guard).
        builder.HasIndex(i => new { i.SupplierId, i.SupplierInvoiceNumber }).IsUnique();
        builder.Property(i => i.AmountSettled).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.HasIndex(i => new { i.Status, i.DueDate });
        builder.HasIndex(i => new { i.Date, i.Id });
        builder.HasIndex(i => i.CreditedInvoiceId);
        builder.Ignore(i => i.Reference);
        builder.Ignore(i => i.IsDraft);
        builder.Ignore(i => i.SignedTotal);
        builder.Ignore(i => i.Remaining);
        builder.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class SupplierInvoiceLineConfiguration : IEntityTypeConfiguration<SupplierInvoiceLine>
{
    public void Configure(EntityTypeBuilder<SupplierInvoiceLine> builder)
    {
        builder.ToTable("supplier_invoice_lines");
        DocumentLine.ConfigureColumns(builder);
        builder.HasIndex(l => l.OrderLineId);
        builder.HasIndex(l => l.ReceptionLineId);
        builder.Ignore(l => l.AuditedRecord);
        builder.Ignore(l => l.AuditPrefix);
    }
}

internal sealed class SupplierPaymentConfiguration : IEntityTypeConfiguration<SupplierPayment>
{
    public void Configure(EntityTypeBuilder<SupplierPayment> builder)
    {
        builder.ToTable("supplier_payments");
        builder.Property(p => p.Number).HasMaxLength(40);
        builder.HasIndex(p => p.Number).IsUnique();
        builder.Property(p => p.Amount).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.Property(p => p.PaymentReference).HasMaxLength(100);
        builder.HasIndex(p => new { p.SupplierId, p.Date });
        builder.HasIndex(p => new { p.Date, p.Id });
        builder.HasIndex(p => p.ReversesPaymentId);
        builder.HasMany(p => p.Shares).WithOne().HasForeignKey(s => s.PaymentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(p => p.Shares).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class SupplierPaymentShareConfiguration : IEntityTypeConfiguration<SupplierPaymentShare>
{
    public void Configure(EntityTypeBuilder<SupplierPaymentShare> builder)
    {
        builder.ToTable("supplier_payment_shares");
        builder.Property(s => s.Amount).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.HasOne<SupplierInvoice>().WithMany().HasForeignKey(s => s.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.InvoiceId);
        builder.Ignore(s => s.AuditedRecord);
        builder.Ignore(s => s.AuditPrefix);
    }
}

internal sealed class SupplierInvoiceCreditUseConfiguration : IEntityTypeConfiguration<SupplierInvoiceCreditUse>
{
    public void Configure(EntityTypeBuilder<SupplierInvoiceCreditUse> builder)
    {
        builder.ToTable("supplier_invoice_credit_uses");
        builder.Property(c => c.Amount).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.HasIndex(c => c.InvoiceId);
        builder.HasIndex(c => c.CreditNoteId);
        builder.HasOne<SupplierInvoice>().WithMany().HasForeignKey(c => c.InvoiceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SupplierInvoice>().WithMany().HasForeignKey(c => c.CreditNoteId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(c => c.DomainEvents);
    }
}
