using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class VatPeriodBalances : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "vat_period_balances",
                schema: "accounting",
                columns: table => new
                {
                    account_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    vat_rate = table.Column<decimal>(type: "numeric(7,4)", precision: 7, scale: 4, nullable: false),
                    debit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    credit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    base_on_debit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    base_on_credit = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    base_total = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vat_period_balances", x => new { x.account_number, x.period_start, x.vat_rate });
                });

            // The lines already posted on the VAT accounts (class 445), as the engine keeps them from now on (-1: no rate).
            migrationBuilder.Sql("""
                INSERT INTO accounting.vat_period_balances (account_number, period_start, vat_rate, debit, credit, base_on_debit, base_on_credit, base_total)
                SELECT account_number, date_trunc('month', entry_date)::date, coalesce(vat_rate, -1), sum(debit), sum(credit),
                       coalesce(sum(vat_base) FILTER (WHERE debit > 0), 0), coalesce(sum(vat_base) FILTER (WHERE credit > 0), 0), coalesce(sum(vat_base), 0)
                FROM accounting.entry_lines WHERE account_number LIKE '445%'
                GROUP BY account_number, date_trunc('month', entry_date)::date, coalesce(vat_rate, -1);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "vat_period_balances",
                schema: "accounting");
        }
    }
}
