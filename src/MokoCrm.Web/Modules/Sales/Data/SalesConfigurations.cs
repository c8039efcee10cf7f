using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Sales.Data;

internal static class SalesDocumentColumns
{
    public static void Configure<TDocument, TLine>(EntityTypeBuilder<TDocument> builder)
        where TDocument : SalesDocument<TLine>
        where TLine : DocumentLine
    {
        LinedDocument<TLine>.ConfigureTotals(builder);
        builder.Property(d => d.Number).HasMaxLength(40);
        builder.HasIndex(d => d.Number).IsUnique();
        // The lists: by third party (customer filter, visibility) and by date, newest first, keyset on id.
        builder.HasIndex(d => new { d.ThirdPartyId, d.Date });
        builder.HasIndex(d => new { d.Date, d.Id });
        builder.Ignore(d => d.Reference);
        builder.Ignore(d => d.Contacts);
        builder.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    public void Configure(EntityTypeBuilder<Proposal> builder)
    {
        builder.ToTable("proposals");
        SalesDocumentColumns.Configure<Proposal, ProposalLine>(builder);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.CloseNote).HasMaxLength(1000);
        builder.HasIndex(p => new { p.Status, p.Date });
        builder.HasIndex(p => p.LeadId);
        builder.Ignore(p => p.CanBeDeleted);
    }
}

internal sealed class ProposalLineConfiguration : IEntityTypeConfiguration<ProposalLine>
{
    public void Configure(EntityTypeBuilder<ProposalLine> builder)
    {
        builder.ToTable("proposal_lines");
        DocumentLine.ConfigureColumns(builder);
        builder.Ignore(l => l.AuditedRecord);
        builder.Ignore(l => l.AuditPrefix);
    }
}

internal sealed class SalesOrderConfiguration : IEntityTypeConfiguration<SalesOrder>
{
    public void Configure(EntityTypeBuilder<SalesOrder> builder)
    {
        builder.ToTable("orders");
        SalesDocumentColumns.Configure<SalesOrder, SalesOrderLine>(builder);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.CustomerReference).HasMaxLength(100);
        builder.HasIndex(o => new { o.Status, o.Date });
        builder.HasIndex(o => o.ProposalId);
        builder.Ignore(o => o.CanBeDeleted);
        builder.Ignore(o => o.IsOpenForShipping);
        builder.Ignore(o => o.IsOpenForBilling);
        builder.Ignore(o => o.IsFullyInvoiced);
    }
}

internal sealed class SalesOrderLineConfiguration : IEntityTypeConfiguration<SalesOrderLine>
{
    public void Configure(EntityTypeBuilder<SalesOrderLine> builder)
    {
        builder.ToTable("order_lines");
        DocumentLine.ConfigureColumns(builder);
        builder.Property(l => l.QuantityShipped).HasPrecision(Amounts.Precision, Amounts.QuantityDecimals);
        builder.Property(l => l.QuantityInvoiced).HasPrecision(Amounts.Precision, Amounts.QuantityDecimals);
        builder.Ignore(l => l.LeftToShip);
        builder.Ignore(l => l.LeftToBill);
        builder.Ignore(l => l.AuditedRecord);
        builder.Ignore(l => l.AuditPrefix);
    }
}
