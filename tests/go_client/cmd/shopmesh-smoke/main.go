// shopmesh-smoke: a Go client of ShopMesh built from the contracts with buf.gen.go.yaml (no Python involved).
// It lists products, asks for one that does not exist and sends a bad page size, and prints one JSON line per
// call: what a Go team sees (codes and google.rpc details).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/status"

	catalogv1 "shopmesh.dev/contracts/go/shop/catalog/v1"
)

type outcome struct {
	Call      string   `json:"call"`
	Code      string   `json:"code"`
	Products  int      `json:"products,omitempty"`
	Reason    string   `json:"reason,omitempty"`
	Domain    string   `json:"domain,omitempty"`
	Resource  string   `json:"resource,omitempty"`
	BadFields []string `json:"bad_fields,omitempty"`
}

func describe(call string, err error) outcome {
	out := outcome{Call: call, Code: status.Code(err).String()}
	for _, detail := range status.Convert(err).Details() {
		switch d := detail.(type) {
		case *errdetails.ErrorInfo:
			out.Reason, out.Domain = d.GetReason(), d.GetDomain()
		case *errdetails.ResourceInfo:
			out.Resource = d.GetResourceName()
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				out.BadFields = append(out.BadFields, v.GetField())
			}
		}
	}
	return out
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: shopmesh-smoke <catalog host:port> <missing product id>")
		os.Exit(2)
	}
	conn, err := grpc.NewClient(os.Args[1], grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()
	catalog := catalogv1.NewCatalogServiceClient(conn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	print := json.NewEncoder(os.Stdout)

	listed, err := catalog.ListProducts(ctx, &catalogv1.ListProductsRequest{PageSize: 2})
	if err != nil {
		print.Encode(describe("ListProducts", err))
	} else {
		print.Encode(outcome{Call: "ListProducts", Code: "OK", Products: len(listed.GetProducts())})
	}
	_, err = catalog.GetProduct(ctx, &catalogv1.GetProductRequest{Name: "products/" + os.Args[2]})
	print.Encode(describe("GetProduct", err))
	_, err = catalog.ListProducts(ctx, &catalogv1.ListProductsRequest{PageSize: -1})
	print.Encode(describe("ListProducts(page_size=-1)", err))
}
