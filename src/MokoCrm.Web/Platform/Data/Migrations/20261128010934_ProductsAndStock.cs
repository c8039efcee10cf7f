using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductsAndStock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "products");

            migrationBuilder.EnsureSchema(
                name: "stock");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateSequence(
                name: "products_hilo",
                schema: "products",
                incrementBy: 10);

            migrationBuilder.CreateSequence(
                name: "warehouses_hilo",
                schema: "stock",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "products",
                schema: "products",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    on_sale = table.Column<bool>(type: "boolean", nullable: false),
                    on_purchase = table.Column<bool>(type: "boolean", nullable: false),
                    price_base = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sale_price = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    sale_price_incl_tax = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: false),
                    vat_rate = table.Column<decimal>(type: "numeric(6,3)", precision: 6, scale: 3, nullable: false),
                    min_sale_price = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: true),
                    weight = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: true),
                    unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    barcode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    sale_account = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    purchase_account = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    duration_hours = table.Column<decimal>(type: "numeric(18,5)", precision: 18, scale: 5, nullable: true),
                    stock_managed = table.Column<bool>(type: "boolean", nullable: false),
                    archived = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "warehouses",
                schema: "stock",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    label = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    postal_code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    town = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    country_code = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    parent_id = table.Column<long>(type: "bigint", nullable: true),
                    is_default = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_warehouses", x => x.id);
                    table.ForeignKey(
                        name: "fk_warehouses_warehouses_parent_id",
                        column: x => x.parent_id,
                        principalSchema: "stock",
                        principalTable: "warehouses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_products_barcode",
                schema: "products",
                table: "products",
                column: "barcode",
                unique: true,
                filter: "barcode IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_products_label_trgm",
                schema: "products",
                table: "products",
                column: "label")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_products_reference",
                schema: "products",
                table: "products",
                column: "reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_reference_trgm",
                schema: "products",
                table: "products",
                column: "reference")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_warehouses_parent_id",
                schema: "stock",
                table: "warehouses",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_warehouses_reference",
                schema: "stock",
                table: "warehouses",
                column: "reference",
                unique: true);

            // Not expressible in the EF model: the pickers' reference prefix search, lower(reference) LIKE 'abc%'.
            migrationBuilder.Sql("CREATE INDEX ix_products_reference_lower ON products.products (lower(reference) text_pattern_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "products",
                schema: "products");

            migrationBuilder.DropTable(
                name: "warehouses",
                schema: "stock");

            migrationBuilder.DropSequence(
                name: "products_hilo",
                schema: "products");

            migrationBuilder.DropSequence(
                name: "warehouses_hilo",
                schema: "stock");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");
        }
    }
}
