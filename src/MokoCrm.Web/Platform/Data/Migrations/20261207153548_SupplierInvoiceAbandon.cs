using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class SupplierInvoiceAbandon : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "abandon_note",
                schema: "purchasing",
                table: "supplier_invoices",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "abandon_reason",
                schema: "purchasing",
                table: "supplier_invoices",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "abandoned_at",
                schema: "purchasing",
                table: "supplier_invoices",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "abandon_note",
                schema: "purchasing",
                table: "supplier_invoices");

            migrationBuilder.DropColumn(
                name: "abandon_reason",
                schema: "purchasing",
                table: "supplier_invoices");

            migrationBuilder.DropColumn(
                name: "abandoned_at",
                schema: "purchasing",
                table: "supplier_invoices");
        }
    }
}
