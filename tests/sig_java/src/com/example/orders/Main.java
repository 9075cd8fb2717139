package com.example.orders;

public final class Main {
    public static void main(String[] args) {
        int id = Integer.parseInt(args[1]);
        switch (args[0]) {
        case "order":
            System.out.println(new Orders().total(id));
            break;
        case "user":
            new Users().login(id);
            break;
        case "parse":
            System.out.println(new Parser(id).width());
            break;
        default:
            System.out.println(new Importer().load(id));
        }
    }
}
